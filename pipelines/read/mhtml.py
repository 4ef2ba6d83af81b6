"""Reader for web archives (MHTML, RFC 2557): IE's "Web Archive", Word's "Single File Web Page",
Chrome's "Save as MHTML". Government sites publish them as ``.mht``, ``.mhtml`` and as ``.doc``
"Word" reports: a MIME message whose root part is the HTML page, read here by the HTML reader
(pipelines.read.html), so its tables and prose come out as from an ``.html`` file (engine ``html``).

- Detection (``looks_like_mhtml``): the file opens with a MIME header block (RFC 5322 fields and
  their folded lines, ended by a blank line) whose Content-Type is multipart/related or text/html.
  A text report opens with Chinese text, never with such a block.
- The page: the part the multipart/related ``start`` parameter names by Content-ID when it is
  text/html, else the first text/html part (RFC 2557's root is the first part; Word writes the page
  first, then images, filelist.xml and themes). Images and every other part are not read.
- Transfer encoding (quoted-printable, base64, 7bit/8bit) is undone by the standard library's
  ``email`` package (policy default). Charset: a BOM, else the part's MIME charset (gb2312/gbk read
  as GB18030, as the HTML reader does), else what the HTML reader decides from the page's bytes (its
  ``<meta charset>``, UTF-8, GB18030). Word writes text outside the charset as ``&#NNNNN;``.
- The decoded page is held to ``text_mb`` (limits.yaml), as an HTML file is; the whole archive, with
  its images, to ``file_mb``.
- Rejected naming the file: a message without a text/html part (the parts it has are listed), a
  multipart without a boundary or whose boundary never appears, a page cut off (no closing
  boundary, and the page is the part that runs to the end of the file), a page whose base64 is
  damaged. A download cut off in the images after the page still reads: the page is whole. A page
  without tables or report prose (a saved error or login page) is rejected by dispatch as an HTML
  file is, from the page decoded here once (``page_html``).
- A Word document importing a web archive (w:altChunk of an MHT part) has it read here too
  (pipelines.read.docx).
"""

from __future__ import annotations

import codecs
import email
import email.errors
import email.policy
import re
from email.message import EmailMessage

from pipelines.errors import RejectedInput, UnsupportedFormat
from pipelines.model import Line
from pipelines.read.html import read_html
from pipelines.read.html_tree import decode_html
from pipelines.read.limits import check_text_part

# RFC 5322 header fields (printable ASCII name, colon) and folded continuation lines, from byte 0
_HEADER_BLOCK = re.compile(rb"(?:\xef\xbb\xbf)?((?:[!-9;-~]+:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*(?:\r?\n|$))+)(?:\r?\n|$)")
_ROOT_TYPE = re.compile(rb"(?:^|\n)content-type:\s*(?:multipart/related|text/html)\b", re.I)
_GB_CODECS = {"gb2312", "gbk"}  # read as their superset GB18030 (a publisher's "gb2312" often holds GBK)
_BROKEN = (email.errors.NoBoundaryInMultipartDefect, email.errors.StartBoundaryNotFoundDefect)
_DAMAGED_PART = (email.errors.InvalidBase64CharactersDefect, email.errors.InvalidBase64PaddingDefect,
                 email.errors.InvalidBase64LengthDefect)


def looks_like_mhtml(head: bytes) -> bool:
    """A MIME header block at the start of the bytes whose Content-Type is a web archive's."""
    match = _HEADER_BLOCK.match(head)
    return bool(match) and bool(_ROOT_TYPE.search(match.group(1)))


def _leaves(message: EmailMessage) -> list[EmailMessage]:
    return [part for part in message.walk() if not part.is_multipart()]


def _content_id(part: EmailMessage) -> str:
    return (part.get("Content-ID") or "").strip().strip("<>")


def _root_page(path: str, message: EmailMessage) -> EmailMessage:
    """The archive's HTML page (see the module docstring), or the reason the archive has none."""
    for part in message.walk():
        if any(isinstance(defect, _BROKEN) for defect in part.defects):
            names = ", ".join(type(d).__name__ for d in part.defects)
            raise RejectedInput(path, f"a broken MHTML web archive: its multipart cannot be split into parts "
                                f"({names})", "corrupt_file")
    pages = [part for part in _leaves(message) if part.get_content_type() == "text/html"]
    if not pages:
        kinds = sorted({part.get_content_type() for part in _leaves(message)})
        raise UnsupportedFormat(path, f"an MHTML web archive without an HTML page (its parts: {', '.join(kinds)}), "
                                "not a report")
    start = str(message.get_param("start") or "").strip().strip("<>")
    named = [part for part in pages if start and _content_id(part) == start]
    return named[0] if named else pages[0]


def _is_cut_off(message: EmailMessage, page: EmailMessage) -> bool:
    """The file ends inside the page: some multipart lacks its closing boundary and the page is the
    part that runs to the end of the file."""
    truncated = any(isinstance(d, email.errors.CloseBoundaryNotFoundDefect) for part in message.walk()
                    for d in part.defects)
    return truncated and _leaves(message)[-1] is page


def _page_text(path: str, page: EmailMessage, data: bytes) -> str:
    """The page's bytes as text: BOM, the MIME charset, then the HTML reader's own decision."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_html(path, data)
    declared = page.get_content_charset()
    if declared:
        try:
            codec = codecs.lookup(declared).name
            return data.decode("gb18030" if codec in _GB_CODECS else codec)
        except (LookupError, UnicodeDecodeError):
            pass  # a charset the bytes do not fit: the page's own <meta> may say better
    return decode_html(path, data)


def mhtml_page(path: str, data: bytes) -> str:
    """The text of a web archive's HTML page, or RejectedInput naming the file."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    page = _root_page(path, message)
    if _is_cut_off(message, page):
        raise RejectedInput(path, "a truncated MHTML web archive (its HTML page runs to the end of the file without "
                            "the closing boundary): the download was cut off", "corrupt_file")
    body = page.get_payload(decode=True) or b""
    damaged = [type(d).__name__ for d in page.defects if isinstance(d, _DAMAGED_PART)]
    if damaged:
        raise RejectedInput(path, f"a damaged MHTML web archive: its HTML page's base64 is broken ({', '.join(damaged)})",
                            "corrupt_file")
    check_text_part(path, "the HTML page of an MHTML web archive", len(body))
    return _page_text(path, page, body)


def page_html(path: str, data: bytes) -> bytes:
    """The archive's HTML page as the bytes of an HTML file: UTF-8 with a BOM, which decode_html takes
    before any <meta charset> the page declares. Dispatch checks them as it checks an HTML file, and the
    HTML reader reads them."""
    return codecs.BOM_UTF8 + mhtml_page(path, data).encode("utf-8")


def read_mhtml(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of a web archive's HTML page, read by the HTML reader (see the module docstring)."""
    return read_html(path, page_html(path, data))
