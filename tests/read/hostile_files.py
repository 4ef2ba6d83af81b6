"""Crafted files over the limits of pipelines/reference/limits.yaml, made cheaply in a test's tmp folder."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

_WORKBOOK = (b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')


def _xlsx(path: Path, write_sheet) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            write_sheet(sheet)
    return path


def zip_bomb_xlsx(path: Path, megabytes: int = 200) -> Path:
    """An XLSX of ~0.2 MB whose sheet part declares ``megabytes`` MB uncompressed (blanks)."""
    def write(sheet):
        sheet.write(b"<worksheet><sheetData>")
        for _ in range(megabytes):
            sheet.write(b" " * 2**20)
        sheet.write(b"</sheetData></worksheet>")
    return _xlsx(path, write)


def declared_rows_xlsx(path: Path, rows: int = 600_000) -> Path:
    """An XLSX whose sheet's <dimension> declares ``rows`` rows (one cell is actually there)."""
    return _xlsx(path, lambda sheet: sheet.write(
        b'<worksheet><dimension ref="A1:C%d"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b"</sheetData></worksheet>" % rows))


def many_rows_xlsx(path: Path, rows: int = 600_000) -> Path:
    """An XLSX (~4.5 MB) whose one sheet holds ``rows`` rows of numbers and states no <dimension>."""
    def write(sheet):
        sheet.write(b"<worksheet><sheetData>")
        for i in range(1, rows + 1):
            sheet.write(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i))
        sheet.write(b"</sheetData></worksheet>")
    return _xlsx(path, write)


def many_pages_pdf(path: Path, pages: int = 5000) -> Path:
    """A PDF of ``pages`` empty pages (~0.6 MB), written by pdfium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(200, 200)
    document.save(str(path))
    document.close()
    return path


def sparse_text(path: Path, megabytes: int = 200) -> Path:
    """A text file of ``megabytes`` MB on paper and nothing on disk (a sparse file)."""
    with open(path, "wb") as handle:
        handle.truncate(megabytes * 2**20)
    return path


def long_text(path: Path, megabytes: int = 12) -> Path:
    """A real UTF-8 text of ``megabytes`` MB (over text_mb, under file_mb)."""
    line = "一般公共服务支出\t208\t1,378.36\n".encode()
    with open(path, "wb") as handle:
        handle.write(line * (megabytes * 2**20 // len(line) + 1))
    return path


def xls_declaring_rows(sample: bytes, rows: int) -> bytes:
    """A real BIFF8 workbook whose sheets' DIMENSIONS records are rewritten to declare ``rows`` rows."""
    out = bytearray(sample)
    start = 0
    while (found := out.find(b"\x00\x02\x0e\x00", start)) >= 0:  # DIMENSIONS, 14 bytes
        first_row, _, first_col, end_col = struct.unpack_from("<IIHH", out, found + 4)
        struct.pack_into("<IIHH", out, found + 4, first_row, first_row + rows, first_col, end_col)
        start = found + 18
    return bytes(out)
