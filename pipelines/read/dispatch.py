"""Pick the reader for a file from its bytes, and reject what no reader can take."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from pipelines.errors import EmptyFile, RejectedInput, UnsupportedFormat
from pipelines.model import Line, SourceDocument
from pipelines.read.docx import read_docx
from pipelines.read.html import read_html
from pipelines.read.limits import check_content, check_size
from pipelines.read.html_tree import decode_html
from pipelines.read.mhtml import looks_like_mhtml, page_html
from pipelines.read.pdf import read_pdf_report
from pipelines.read.spreadsheet import read_xls, read_xlsx
from pipelines.read.text import read_text_report

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a ZIP container (XLSX, DOCX, ODS …; an empty archive)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file (XLS, DOC, encrypted Office files)
# a saved page may open with a BOM, an XML declaration or comments ("<!-- saved from url=… -->")
_HTML = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype html|<html|<head|<body)",
                   re.IGNORECASE | re.DOTALL)


def _pdf_problem(data: bytes) -> str | None:
    """Why a PDF cannot be read, from its bytes alone (damage found later is reported by the reader)."""
    if b"/Encrypt" in data[:4096] or b"/Encrypt" in data[-4096:]:
        return "an encrypted PDF (password-protected); ask the publisher for an open copy"
    if b"%%EOF" not in data[-2048:]:
        return "a truncated PDF (no %%EOF trailer): the download was cut off"
    return None


def _zip_kind(path: Path, data: bytes) -> str:
    """"xlsx" for a workbook, "docx" for a Word document; any other ZIP (ODS, PPTX, a plain archive, a damaged
    file) is rejected."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise RejectedInput(str(path), f"a corrupt or truncated ZIP/XLSX/DOCX file ({error}): the download may have been "
                            "cut off", "corrupt_file") from error
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            raise UnsupportedFormat(str(path), "an XLSB (binary Excel) workbook: no reader; save it as XLSX")
        return "xlsx"
    if "word/document.xml" in names or ("[Content_Types].xml" in names and any(n.startswith("word/") for n in names)):
        return "docx"  # read_docx rejects a package without its main part
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormat(str(path), "a PowerPoint file (PPTX), not a report")
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise UnsupportedFormat(str(path), f"an OpenDocument file ({mimetype}): no reader; save it as XLSX")
    raise UnsupportedFormat(str(path), "a ZIP archive that is not an XLSX workbook (no xl/workbook.xml); "
                            "unpack it and ingest the reports inside")


def _ole_kind(path: Path, data: bytes) -> str:
    """"xls" for an OLE2 file, unless it is an encrypted OOXML package (password-protected XLSX/DOCX) or a
    binary Word document (DOC)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise UnsupportedFormat(str(path), "an encrypted (password-protected) Office file; ask the publisher "
                                "for an open copy")
    if "WordDocument".encode("utf-16-le") in data:  # the binary Word 97–2003 stream's directory entry
        raise UnsupportedFormat(str(path), "a Word 97-2003 document (DOC): no reader; save it as DOCX")
    return "xls"


def _sniff(head: bytes) -> str:
    """The format family a file's first bytes show (pdf, zip, ole, mhtml, html, text), before it is read whole."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    if looks_like_mhtml(head):
        return "mhtml"
    return "html" if _HTML.match(head) else "text"


_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_REPORT_WORDS = re.compile("预算|决算")
_PROSE_MIN_CJK = 300  # a 情况说明 page runs to thousands of characters; error and login pages to a few dozen


def _reads_as_report_prose(path: Path, data: bytes) -> bool:
    """An HTML page without tables that is still a report's prose (a 情况说明 page whose tables were an
    attachment): enough Chinese text naming 预算/决算, in the page's own encoding (GB2312 as UTF-8
    counts no Chinese). It is read; locate then records it as a narrative part or rejects it with its
    own reason."""
    text = _TAG.sub(" ", decode_html(str(path), data))
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= _PROSE_MIN_CJK and bool(_REPORT_WORDS.search(text))


def _check_page(path: Path, page: bytes, what: str) -> None:
    """An HTML page without tables and without report prose is no report (an error or login page)."""
    if b"<table" not in page.lower() and not _reads_as_report_prose(path, page):
        raise UnsupportedFormat(str(path), f"{what} without tables (a saved error or login page?), not a report")


def _check_kind(path: Path, data: bytes) -> tuple[str, bytes]:
    """The source format of a file the readers take and the bytes its reader reads (the file's; a web
    archive's HTML page, decoded once here to be checked as an HTML file is), or
    UnsupportedFormat/RejectedInput with the reason."""
    if data.startswith(b"%PDF"):
        problem = _pdf_problem(data)
        if problem:
            raise UnsupportedFormat(str(path), problem)
        return "pdf", data
    if data.startswith(_ZIP):
        return _zip_kind(path, data), data
    if data.startswith(_OLE):
        return _ole_kind(path, data), data
    if looks_like_mhtml(data[:4096]):  # a web archive (.mht, .mhtml, a "Word" .doc): its page is read as HTML
        page = page_html(str(path), data)
        _check_page(path, page, "an MHTML web archive of an HTML page")
        return "mhtml", page
    if _HTML.match(data[:4096]):
        _check_page(path, data, "an HTML page")
        return "html", data
    return "text", data


_READERS: dict[str, Callable[[str, bytes], tuple[Line, ...]]] = {
    "text": read_text_report, "xlsx": read_xlsx, "xls": read_xls, "html": read_html, "pdf": read_pdf_report,
    "docx": read_docx, "mhtml": read_html,  # a web archive's reader reads its page (_check_kind)
}


def read_document(path: str | Path) -> SourceDocument:
    """Read one file into a SourceDocument, or raise RejectedInput naming the file and reason."""
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise RejectedInput(str(path), f"a broken symbolic link (to {os.readlink(path)})", "broken_link")
    if not path.is_file():
        raise RejectedInput(str(path), "not a regular file", "not_a_file")
    size = path.stat().st_size
    try:
        with path.open("rb") as handle:  # the first bytes say what the file is: its size limit before reading it
            check_size(str(path), size, _sniff(handle.read(4096)))
        data = path.read_bytes()
    except PermissionError as error:
        raise RejectedInput(str(path), f"cannot be read: permission denied ({error.strerror})", "unreadable") from error
    if not data:
        raise EmptyFile(str(path))
    source_format, readable = _check_kind(path, data)
    check_content(str(path), source_format, data)  # pages, sheets, rows, cells, uncompressed sizes as declared
    lines = _READERS[source_format](str(path), readable)
    return SourceDocument(
        path=str(path),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        source_format=source_format,
        lines=lines,
        pages_printed=source_format != "text" or b"\f" in data,
    )
