"""Web archives (MHTML): Word's "Single File Web Page", IE's "Web Archive", Chrome's "Save as MHTML",
published as .mht/.mhtml and as "Word" .doc files. Hand-built archives show each rule (detection,
the root page, transfer encodings and charsets, Word's markup, what is rejected); the samples rendered
as Word writes them read back fact for fact in test_renderings.py."""

from __future__ import annotations

import base64
import quopri
import sys
from pathlib import Path

import pytest

from pipelines.errors import RejectedInput, UnsupportedFormat
from pipelines.read import dispatch, read_document
from pipelines.read import limits as limits_module
from pipelines.read.html import read_html
from pipelines.read.limits import OverLimit
from pipelines.read.mhtml import looks_like_mhtml, read_mhtml
from tests.conftest import ROOT, SAMPLES

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.render.mhtml import render_mhtml  # noqa: E402

REAL_HTML = Path("/work/shared/real/henan-zzgtj-2015-budget.html")
TABLE = ("<table border=1><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr>"
         "<tr><td>2080109</td><td>社会保险经办机构</td><td>1,527.08</td></tr></table>")


def qp(text: str, encoding: str) -> bytes:
    return quopri.encodestring(text.encode(encoding)).replace(b"\n", b"\r\n")


def archive(*parts: tuple[list[str], bytes], head: str = "", boundary: str = "----=_NextPart_000_0000_01DA",
            close: bool = True) -> bytes:
    """A multipart/related message: header lines, then each part's headers and body."""
    out = (f'{head}MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n'
           f'\tboundary="{boundary}"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n').encode("ascii")
    for headers, body in parts:
        out += ("\r\n".join([f"--{boundary}", *headers, "", ""])).encode("ascii") + body + b"\r\n"
    return out + (f"--{boundary}--\r\n".encode("ascii") if close else b"")


def html_part(html: str, charset: str = "gb2312") -> tuple[list[str], bytes]:
    return ([f'Content-Type: text/html; charset="{charset}"', "Content-Transfer-Encoding: quoted-printable"],
            qp(html, charset))


PNG_PART = (["Content-Type: image/png", "Content-Transfer-Encoding: base64", "Content-Location: image001.png"],
            base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(300)).replace(b"\n", b"\r\n"))


def read(tmp_path: Path, data: bytes, name: str = "report.mht"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path)


def test_quoted_printable_gb2312_page_is_read_as_html(tmp_path):
    html = f"<html><head><title>报表</title></head><body><p>2024年部门决算表</p>{TABLE}</body></html>"
    data = archive(html_part(html), PNG_PART)
    assert b"=BF=C6=C4=BF" in data  # 科目 in GB2312 bytes, quoted
    document = read(tmp_path, data, "决算.doc")  # a "Word" .doc that is a web archive: the bytes decide
    assert document.source_format == "mhtml"
    assert [line.cells for line in document.lines] == [
        ("2024年部门决算表",), ("科目编码", "科目名称", "合计"), ("2080109", "社会保险经办机构", "1,527.08")]
    assert {line.engine for line in document.lines} == {"html"}  # lineage: the HTML reader read it


def test_base64_utf8_page_named_by_start_is_the_root(tmp_path):
    # Chrome and IE name the page by Content-ID in start=; a frame and an image come first here
    page = f"<html><body><p>一般公共预算财政拨款支出决算表</p>{TABLE}</body></html>"
    frame = "<html><body><p>网站导航</p></body></html>"
    parts = (PNG_PART,
             (["Content-Type: text/html", "Content-ID: <frame-1@mhtml.blink>", "Content-Transfer-Encoding: base64"],
              base64.encodebytes(frame.encode("utf-8"))),
             (["Content-Type: text/html; charset=utf-8", "Content-ID: <page@mhtml.blink>",
               "Content-Transfer-Encoding: base64"], base64.encodebytes(page.encode("utf-8"))))
    data = archive(*parts).replace(b'type="text/html";', b'type="text/html"; start="<page@mhtml.blink>";')
    document = read(tmp_path, data)
    assert document.lines[0].cells == ("一般公共预算财政拨款支出决算表",)
    assert document.lines[-1].cells == ("2080109", "社会保险经办机构", "1,527.08")
    # without start= the first text/html part is the root (the reader's choice: dispatch rejects such a page)
    assert [line.cells for line in read_mhtml("second.mht", archive(*parts))] == [("网站导航",)]


WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=gbk">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; mso-pagination:none;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>
<p class=MsoNormal style='mso-outline-level:1'><b><span style='font-family:黑体;mso-ascii-font-family:"Times New Roman"'>第一部分 部门概况<o:p></o:p></span></b></p>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<p class=MsoNormal><![if !supportLists]><span style='mso-list:Ignore'>一、<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>主要职能<span style='display:none;mso-hide:all'>模板提示</span><o:p></o:p></p>
<p class=MsoNormal><![if !supportMisc]><span>（单位：万元）</span><![endif]><!--[if supportFields]><span style='mso-element:field-begin'></span> PAGE <![endif]--></p>
<span lang=EN-US style='font-size:10.5pt'><br clear=all style='mso-special-character:line-break;page-break-before:always'></span>
<table class=MsoNormalTable border=1 cellspacing=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td width=120 style='mso-border-alt:solid windowtext .5pt'><p class=MsoNormal align=center><span>科目编码<o:p></o:p></span></p></td>
<td><p class=MsoNormal align=center><span>科目名称<o:p></o:p></span></p></td><td><p class=MsoNormal><span>合计<o:p></o:p></span></p></td></tr>
<tr><td><p class=MsoNormal><span lang=EN-US>2080109<o:p></o:p></span></p></td><td><p class=MsoNormal>社会保险<br>经办机构<o:p></o:p></p></td>
<td><p class=MsoNormal align=right><span lang=EN-US>1,527.08<o:p></o:p></span></p></td></tr></table>
</div></body></html>"""


def test_word_single_file_web_page_markup(tmp_path):
    # no charset in the MIME header: the page's <meta> (gbk) decides; 黑 and 体 are GBK bytes
    part = (["Content-Location: file:///C:/D2F6A5C3/report.htm", "Content-Transfer-Encoding: quoted-printable",
             "Content-Type: text/html"], qp(WORD_PAGE, "gbk"))
    document = read(tmp_path, archive(part, PNG_PART))
    assert [(line.page, line.cells) for line in document.lines] == [
        (1, ("第一部分 部门概况",)),
        (1, ("一、   主要职能",)),  # the list number and its &nbsp; padding Word prints for other browsers; hidden text not read
        (1, ("(单位:万元)",)),  # normalised as every cell; <![if !supportMisc]> content is shown; the field code comment is not
        (2, ("科目编码", "科目名称", "合计")),  # Word's page break (a <br> styled page-break-before)
        (2, ("2080109", "社会保险经办机构", "1,527.08")),
    ]


def test_mime_charset_wins_over_a_template_meta(tmp_path):
    # the page says utf-8 (a copied template), the part says gb2312 and its bytes are GB2312
    html = f'<html><head><meta charset="utf-8"></head><body>{TABLE}</body></html>'
    document = read(tmp_path, archive(html_part(html, "gb2312")))
    assert document.lines[-1].cells == ("2080109", "社会保险经办机构", "1,527.08")


def test_ie_web_archive_header_block_is_detected():
    head = (b'From: <Saved by Windows Internet Explorer 8>\r\nSubject: =?gb2312?B?sqbKwg==?=\r\n'
            b'Date: Tue, 3 Jun 2025 10:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n'
            b'\ttype="text/html";\r\n\tboundary="----=_NextPart_000_0000_01DB"\r\nX-MimeOLE: Produced By Microsoft '
            b'MimeOLE V6.1.7601.24158\r\n\r\nThis is a multi-part message in MIME format.\r\n')
    assert looks_like_mhtml(head)
    assert looks_like_mhtml(head.replace(b"\r\n", b"\n"))
    assert looks_like_mhtml(b"Content-Type: text/html; charset=gb2312\nContent-Transfer-Encoding: base64\n\nPGh0bWw+")


@pytest.mark.parametrize("head", [
    "单位：万元\n科目编码\t科目名称\n",
    "Note: 2024 budget\n说明\nContent-Type: text/html\n\n",  # a line that is no header field ends the block
    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n预算",  # a MIME message, not a web archive
    "科目: 预算\nContent-Type: multipart/related\n\n",  # a field name is ASCII (RFC 5322)
    "\nContent-Type: multipart/related\n\n",  # a message opens with its header block
    "<html><head><title>预算</title></head>",
])
def test_what_is_not_a_web_archive(head):
    assert not looks_like_mhtml(head.encode("utf-8"))


def test_text_samples_still_read_as_text():
    for path in [*SAMPLES.values(), *sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))]:
        assert not looks_like_mhtml(path.read_bytes()[:4096]), path
        assert dispatch._sniff(path.read_bytes()[:4096]) == "text", path
    assert read_document(SAMPLES["baotou_final"]).source_format == "text"


def test_archive_without_an_html_page_is_rejected_naming_its_parts(tmp_path):
    xml = (["Content-Type: text/xml; charset=utf-8", "Content-Location: filelist.xml"], b"<xml/>")
    with pytest.raises(UnsupportedFormat, match=r"report\.mht: an MHTML web archive without an HTML page "
                       r"\(its parts: image/png, text/xml\)"):
        read(tmp_path, archive(PNG_PART, xml))


LOGIN = ("<html><head><title>统一身份认证</title></head><body><form><input name=user><input type=password name=pw>"
         "<button>登录</button></form></body></html>")


def test_archive_of_a_login_page_is_rejected_as_the_html_page_is(tmp_path):
    """Dispatch checks the decoded page as it checks an HTML file: no table and no report prose is a
    saved error or login page, rejected before locate, with the reason the .html gets."""
    html = tmp_path / "login.html"
    html.write_text(LOGIN, encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="an HTML page without tables") as as_html:
        read_document(html)
    with pytest.raises(UnsupportedFormat, match=r"an HTML page without tables \(a saved error or login page\?\), "
                       r"not a report") as as_mhtml:
        read(tmp_path, archive(html_part(LOGIN), PNG_PART), "login.mht")
    assert as_mhtml.value.path == str(tmp_path / "login.mht") and "login.mht" in str(as_mhtml.value)
    assert str(as_mhtml.value).split(": ", 1)[1].startswith("an MHTML web archive of ")
    assert str(as_html.value).split(": ", 1)[1] in str(as_mhtml.value)
    # a 情况说明 page (no table, GB2312 prose naming 决算) in an archive is read, as the .html is
    prose = "<html><body><p>" + "本部门2024年度部门决算收入合计1,527.08万元,支出合计1,527.08万元。" * 16 + "</p></body></html>"
    assert read(tmp_path, archive(html_part(prose)), "notice.mht").source_format == "mhtml"


def test_archive_cut_off_in_its_page_is_rejected_and_cut_in_its_images_is_read(tmp_path):
    whole = archive(html_part(f"<html><body>{TABLE}</body></html>"), PNG_PART)
    with pytest.raises(RejectedInput, match=r"report\.mht: a truncated MHTML web archive .* cut off"):
        read(tmp_path, whole[:whole.index(b"=BF=C6")])  # the download stops inside the page
    cut_in_image = whole[:whole.index(b"Content-Location: image001.png") + 80]
    assert read(tmp_path, cut_in_image, "images.mht").lines[-1].cells == ("2080109", "社会保险经办机构", "1,527.08")


def test_broken_multipart_is_rejected(tmp_path):
    no_parts = archive(html_part(TABLE)).replace(b"------=_NextPart_000_0000_01DA", b"--other")
    with pytest.raises(RejectedInput, match=r"report\.mht: a broken MHTML web archive.*StartBoundaryNotFound"):
        read(tmp_path, no_parts)
    no_boundary = archive(html_part(TABLE)).replace(b'\tboundary="----=_NextPart_000_0000_01DA"\r\n', b"")
    with pytest.raises(RejectedInput, match=r"broken\.mht: a broken MHTML web archive.*NoBoundaryInMultipart"):
        read(tmp_path, no_boundary, "broken.mht")


def test_damaged_base64_page_is_rejected(tmp_path):
    part = (["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64"],
            base64.b64encode(f"<html><body>{TABLE}</body></html>".encode("utf-8"))[:-3])
    with pytest.raises(RejectedInput, match=r"report\.mht: a damaged MHTML web archive: its HTML page's base64"):
        read(tmp_path, archive(part))


def test_page_is_held_to_text_mb_and_the_archive_to_file_mb(tmp_path, monkeypatch):
    small = limits_module.Limits(file_mb=1, text_mb=0.05, pdf_pages=500, zip_uncompressed_mb=60, sheets=100,
                                 sheet_rows=20000, workbook_cells=300000)
    monkeypatch.setattr(limits_module, "limits", lambda: small)
    big_image = (PNG_PART[0], base64.encodebytes(bytes(200_000)).replace(b"\n", b"\r\n"))  # 0.26 MB > text_mb
    assert read(tmp_path, archive(html_part(TABLE), big_image)).source_format == "mhtml"
    page = "<html><body>" + "<p>预算说明文字</p>" * 5000 + TABLE + "</body></html>"  # 0.1 MB as GB2312
    with pytest.raises(OverLimit, match=r"big\.mht: the HTML page of an MHTML web archive of 0\.1 MB, over the "
                       r"limit text_mb = 0\.05") as error:
        read(tmp_path, archive(html_part(page)), "big.mht")
    assert error.value.limit == "text_mb"


def test_word_rendering_of_a_sample_is_quoted_printable_gb2312():
    data = render_mhtml(SAMPLES["baotou_final"].read_text(encoding="utf-8"), "baotou")
    assert data.startswith(b"MIME-Version: 1.0\r\nContent-Type: multipart/related") and looks_like_mhtml(data[:4096])
    assert b'Content-Type: text/html; charset="gb2312"' in data and b"Content-Transfer-Encoding: quoted-printable" in data
    assert b"&#8212;" in quopri.decodestring(data)  # "—" is not in GB2312: Word writes it as a character reference
    assert max(len(line) for line in data.split(b"\r\n")[6:]) <= 76  # the parts' lines, soft-broken


@pytest.mark.skipif(not REAL_HTML.exists(), reason="the real corpus (/work/shared/real) is not here")
def test_real_page_saved_by_chrome_as_mhtml_reads_as_the_page(tmp_path):
    # henan-zzgtj-2015-budget.html (郑州市国土资源局 2015 情况说明) as Chrome saves it: Blink's header, a
    # utf-8 page without a MIME charset, quoted-printable; every line as the HTML reader reads the page
    original = REAL_HTML.read_bytes()
    part = (["Content-Type: text/html", "Content-ID: <frame-0@mhtml.blink>", "Content-Transfer-Encoding: quoted-printable",
             "Content-Location: http://www.zzgtj.gov.cn/2015/budget.html"],
            quopri.encodestring(original.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n"))
    head = ("From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.zzgtj.gov.cn/2015/budget.html\r\n"
            "Subject: =?utf-8?Q?=E9=83=91=E5=B7=9E?=\r\n")
    document = read(tmp_path, archive(part, PNG_PART, head=head, boundary="----MultipartBoundary--abc123----"))
    expected = read_html(str(REAL_HTML), original.replace(b"\r\n", b"\n"))
    assert [(line.page, line.cells) for line in document.lines] == [(line.page, line.cells) for line in expected]
    assert any("郑州市国土资源局" in line.cells[0] for line in document.lines)
