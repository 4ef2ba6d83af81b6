"""Render a text report as Word's "Single File Web Page" (.mht/.mhtml; what many sites publish as a
"Word" .doc): the saved web page of html.py in a MIME web archive, as Word writes one.

    render_mhtml(text, name="report") -> bytes

- The envelope: ``MIME-Version``, ``multipart/related`` with a ``----=_NextPart_…`` boundary, Word's
  Chinese preamble (in GB2312 bytes, outside any part), CRLF line ends.
- The page: first part, ``text/html; charset="gb2312"``, quoted-printable (``=3D``, ``=B1=A8`` …,
  soft line breaks at 76 columns); characters GB2312 lacks (the samples' "—" U+2014) as ``&#NNNN;``,
  as Word writes them. Its head carries Word's furniture: ``<meta http-equiv=Content-Type>``, the
  ``<!--[if gte mso 9]><xml>`` document settings, ``mso-`` styles, and the body a WordSection div,
  ``<o:p>`` marks and a ``<![if !vml]>`` image.
- Other parts the reader must ignore: the image (base64 PNG) and filelist.xml (quoted-printable XML).
"""

from __future__ import annotations

import base64
import quopri

from tools.render.html import render_html

BOUNDARY = "----=_NextPart_01DB2F6A.5C3E1B20"
PREAMBLE = "此文档为“单个文件网页”，也称为“Web 档案”文件。如果您看到此消息，但是您的浏览器或编辑器不支持“Web 档案”文件。请下载支持“Web 档案”的浏览器，如 Microsoft Internet Explorer。"
# a 1×1 transparent PNG: the header logo Word keeps as a part of its own
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")

_WORD_HEAD = """<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<link rel=File-List href="{name}.files/filelist.xml">
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:TrackMoves>false</w:TrackMoves>
  <w:PunctuationKerning/>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
p.MsoNormal, li.MsoNormal {{mso-style-parent:""; margin:0cm; mso-pagination:none; font-size:10.5pt; mso-fareast-font-family:宋体;}}
@page WordSection1 {{size:595.3pt 841.9pt; mso-header-margin:42.55pt;}}
div.WordSection1 {{page:WordSection1;}}
-->
</style>"""


def _word_page(text: str, name: str) -> str:
    """html.py's page with Word's head furniture and body marks around it."""
    page = render_html(text)
    page = page.replace('<html lang="zh-CN">', '<html xmlns:v="urn:schemas-microsoft-com:vml"\n'
                        'xmlns:o="urn:schemas-microsoft-com:office:office"\n'
                        'xmlns:w="urn:schemas-microsoft-com:office:word"\n'
                        'xmlns="http://www.w3.org/TR/REC-html40">', 1)
    page = page.replace('<meta charset="utf-8">', _WORD_HEAD.format(name=name), 1)
    logo = (f'<p class=MsoNormal align=center><span lang=EN-US><![if !vml]><img width=1 height=1 '
            f'src="{name}.files/image001.png" v:shapes="Picture_1"><![endif]><o:p></o:p></span></p>\n')
    page = page.replace("<body>\n", "<body lang=ZH-CN style='tab-interval:21.0pt'>\n<div class=WordSection1>\n"
                        + logo + "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n", 1)
    page = page.replace("</p>", "<o:p></o:p></p>")
    return page.replace("\n</body>", "\n</div>\n</body>", 1)


def _part(headers: list[str], body: bytes) -> bytes:
    return ("\r\n".join([f"--{BOUNDARY}", *headers, "", ""]).encode("ascii") + body + b"\r\n")


def _quoted_printable(data: bytes) -> bytes:
    """Quoted-printable of LF-ended lines, written with CRLF (quopri would quote a CR as =0D)."""
    return quopri.encodestring(data).replace(b"\n", b"\r\n")


def render_mhtml(text: str, name: str = "report") -> bytes:
    """A text report (like data/raw/*.txt) as Word's single-file web page."""
    folder = f"file:///C:/D2F6A5C3/{name}"
    page = _word_page(text, name).encode("gb2312", errors="xmlcharrefreplace")
    filelist = (f'<xml xmlns:o="urn:schemas-microsoft-com:office:office">\n <o:MainFile HRef="../{name}.htm"/>\n'
                ' <o:File HRef="image001.png"/>\n <o:File HRef="filelist.xml"/>\n</xml>').encode("utf-8")
    envelope = (f'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="{BOUNDARY}"\r\n\r\n'
                .encode("ascii") + PREAMBLE.encode("gb2312") + b"\r\n\r\n")
    return (envelope
            + _part([f"Content-Location: {folder}.htm", "Content-Transfer-Encoding: quoted-printable",
                     'Content-Type: text/html; charset="gb2312"'], _quoted_printable(page))
            + _part([f"Content-Location: {folder}.files/image001.png", "Content-Transfer-Encoding: base64",
                     "Content-Type: image/png"], base64.encodebytes(PNG).replace(b"\n", b"\r\n").rstrip())
            + _part([f"Content-Location: {folder}.files/filelist.xml", "Content-Transfer-Encoding: quoted-printable",
                     'Content-Type: text/xml; charset="utf-8"'], _quoted_printable(filelist))
            + f"--{BOUNDARY}--\r\n".encode("ascii"))


def write_mhtml(text: str, path):
    """render_mhtml written to path (tools/render/build.py)."""
    path.write_bytes(render_mhtml(text, path.stem))
    return path
