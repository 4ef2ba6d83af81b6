"""Pick the reader for a file from its bytes, and reject what no reader can take."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from pipelines.errors import EmptyFile, RejectedInput, UnsupportedFormat
from pipelines.model import SourceDocument
from pipelines.read.text import read_text_report

# Signatures of formats that arrive in the inbox but have no reader in this build yet.
_SIGNATURES = {
    b"PK\x03\x04": "a ZIP/XLSX file: the spreadsheet reader is not part of this build yet",
    b"\xd0\xcf\x11\xe0": "an OLE/XLS file: the spreadsheet reader is not part of this build yet",
}
MAX_BYTES = int(os.environ.get("YJS_MAX_MB", "50")) * 1024 * 1024  # reports are well under 1 MB of text
_HTML = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body)", re.IGNORECASE)


def _pdf_problem(data: bytes) -> str:
    if b"/Encrypt" in data[:4096] or b"/Encrypt" in data[-4096:]:
        return "an encrypted PDF (password-protected); ask the publisher for an open copy"
    if b"%%EOF" not in data[-2048:]:
        return "a truncated PDF (no %%EOF trailer): the download was cut off"
    return "a PDF file: the PDF reader (camelot/pdfplumber, issue 8) is not part of this build yet"


def _check_kind(path: Path, data: bytes) -> None:
    if data.startswith(b"%PDF"):
        raise UnsupportedFormat(str(path), _pdf_problem(data))
    for signature, reason in _SIGNATURES.items():
        if data.startswith(signature):
            raise UnsupportedFormat(str(path), reason)
    if _HTML.match(data[:512]):
        if b"<table" not in data.lower():
            raise UnsupportedFormat(str(path), "an HTML page without tables (a saved error or login page?), not a report")
        raise UnsupportedFormat(str(path), "an HTML page: the HTML table reader is not part of this build yet")


def read_document(path: str | Path) -> SourceDocument:
    """Read one file into a SourceDocument, or raise RejectedInput naming the file and reason."""
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise RejectedInput(str(path), f"a broken symbolic link (to {os.readlink(path)})", "broken_link")
    if not path.is_file():
        raise RejectedInput(str(path), "not a regular file", "not_a_file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise RejectedInput(str(path), f"{size / 2**20:.0f} MB is over the {MAX_BYTES // 2**20} MB limit for one report "
                            "(YJS_MAX_MB raises it)", "too_large")
    try:
        data = path.read_bytes()
    except PermissionError as error:
        raise RejectedInput(str(path), f"cannot be read: permission denied ({error.strerror})", "unreadable") from error
    if not data:
        raise EmptyFile(str(path))
    _check_kind(path, data)
    lines = read_text_report(str(path), data)
    return SourceDocument(
        path=str(path),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        source_format="text",
        lines=lines,
    )
