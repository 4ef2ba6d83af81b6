"""Pick the reader for a file from its bytes, and reject what no reader can take."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipelines.errors import EmptyFile, UnsupportedFormat
from pipelines.model import SourceDocument
from pipelines.read.text import read_text_report

# Signatures of formats that arrive in the inbox but have no reader in this build yet.
_SIGNATURES = {
    b"%PDF": "a PDF file: the PDF reader (camelot/pdfplumber) is not part of this build yet",
    b"PK\x03\x04": "a ZIP/XLSX file: the spreadsheet reader is not part of this build yet",
    b"\xd0\xcf\x11\xe0": "an OLE/XLS file: the spreadsheet reader is not part of this build yet",
}


def read_document(path: str | Path) -> SourceDocument:
    """Read one file into a SourceDocument, or raise RejectedInput naming the file and reason."""
    path = Path(path)
    data = path.read_bytes()
    if not data:
        raise EmptyFile(str(path))
    for signature, reason in _SIGNATURES.items():
        if data.startswith(signature):
            raise UnsupportedFormat(str(path), f"{reason}")
    lines = read_text_report(str(path), data)
    return SourceDocument(
        path=str(path),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        source_format="text",
        lines=lines,
    )
