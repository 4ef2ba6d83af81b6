"""Bounded work per file: the limits of pipelines/reference/limits.yaml, checked before any reader runs.

Each check reads only what the file declares about itself: the size on disk (any file; text and
HTML; an MHTML web archive's HTML page as decoded, checked by its reader), a ZIP's central directory
(an XLSX's or DOCX's declared uncompressed sizes: the zip bomb; a DOCX's text parts against text_mb), a sheet's
``<dimension>`` and then its XML streamed in chunks counting rows and cells (what openpyxl would
hold in memory; the stream is bounded by the declared sizes, which zipfile enforces), an XLS
sheet's DIMENSIONS record (the first records of its substream), a PDF's page count (pdfium, no
page loaded). A file over a limit raises OverLimit, a RejectedInput naming the limit and where to
change it, so the batch goes on with the next file.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from pipelines.errors import RejectedInput
from pipelines.reference import load_yaml

_MB = 2**20
_SOURCE = "pipelines/reference/limits.yaml"
_CHUNK = _MB
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")
_WORD_TEXT = re.compile(r"word/[^/]+\.xml$")  # document.xml (or document2.xml), styles.xml …: parts parsed whole


class OverLimit(RejectedInput):
    """A file over one of the limits of limits.yaml; the reason names the limit."""

    def __init__(self, path: str, found: str, limit: str, value, hint: str = "") -> None:
        super().__init__(path, f"{found}, over the limit {limit} = {value:g} ({_SOURCE}{hint}); a disclosure is "
                         "tens of pages and thousands of cells", "over_limit")
        self.limit = limit


@dataclass(frozen=True)
class Limits:
    file_mb: float
    text_mb: float
    pdf_pages: int
    zip_uncompressed_mb: float
    sheets: int
    sheet_rows: int
    workbook_cells: int


@lru_cache(maxsize=1)
def limits() -> Limits:
    """The limits of limits.yaml; $YJS_MAX_MB overrides file_mb (as it did before the file existed)."""
    data = dict(load_yaml("limits.yaml"))
    if os.environ.get("YJS_MAX_MB"):
        data["file_mb"] = float(os.environ["YJS_MAX_MB"])
    return Limits(**data)


def check_size(path: str, size: int, kind: str) -> None:
    """Size on disk against file_mb (any file, with YJS_MAX_MB) and text_mb (text, HTML)."""
    bound = limits()
    if size > bound.file_mb * _MB:
        raise OverLimit(path, f"a file of {size / _MB:,.0f} MB", "file_mb", bound.file_mb, "; YJS_MAX_MB raises it")
    if kind in ("text", "html") and size > bound.text_mb * _MB:
        raise OverLimit(path, f"a {kind} file of {size / _MB:.1f} MB", "text_mb", bound.text_mb)


def check_text_part(path: str, part: str, size: int) -> None:
    """A part a reader parses whole (an MHTML web archive's HTML page, decoded) against text_mb, as an
    HTML file is held to it; the archive around it (its images) is held to file_mb only."""
    bound = limits()
    if size > bound.text_mb * _MB:
        raise OverLimit(path, f"{part} of {size / _MB:.1f} MB", "text_mb", bound.text_mb)


def check_content(path: str, kind: str, data: bytes) -> None:
    """What the file declares (pages, sheets, rows, cells, uncompressed sizes) against the limits."""
    if kind == "pdf":
        check_pdf(path, data)
    elif kind == "xlsx":
        check_xlsx(path, data)
    elif kind == "xls":
        check_xls(path, data)
    elif kind == "docx":
        check_docx(path, data)


def check_pdf(path: str, data: bytes) -> None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # the reader says what is wrong with it
    try:
        pages = len(document)
    finally:
        document.close()
    if pages > limits().pdf_pages:
        raise OverLimit(path, f"a PDF of {pages:,} pages", "pdf_pages", limits().pdf_pages)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _declared_extent(head: bytes) -> tuple[int, int] | None:
    """(rows, columns) of a sheet's <dimension ref="A1:C600000"/>, when its XML states one."""
    match = _DIMENSION.search(head)
    if not match:
        return None
    first_col, first_row, last_col, last_row = match.groups()
    if last_col is None:
        return 1, 1
    return (int(last_row) - int(first_row) + 1, _column_number(last_col) - _column_number(first_col) + 1)


def _counted_extent(stream, head: bytes, on_progress) -> None:
    """Rows and cells in a sheet's XML, streamed in 1 MB chunks; ``on_progress(rows, cells)`` raises
    as soon as a limit is passed (tokens start with '<', so a chunk is cut at its last '<')."""
    rows = cells = 0
    carry = head
    while True:
        chunk = stream.read(_CHUNK)
        data = carry + chunk
        cut = data.rfind(b"<") if chunk else len(data)
        if cut <= 0:
            cut = len(data)
        body, carry = data[:cut], data[cut:]
        rows += len(_ROW.findall(body))
        cells += len(_CELL.findall(body))
        on_progress(rows, cells)
        if not chunk:
            return


def _check_declared_sizes(path: str, infos: list[zipfile.ZipInfo], label: str) -> None:
    """The uncompressed sizes a ZIP's directory declares for its parts (the zip bomb)."""
    bound = limits()
    declared = sum(info.file_size for info in infos)
    if declared > bound.zip_uncompressed_mb * _MB:
        biggest = max(infos, key=lambda info: info.file_size)
        raise OverLimit(path, f"an {label} whose parts declare {declared / _MB:,.0f} MB uncompressed "
                        f"({biggest.filename}: {biggest.file_size / _MB:,.0f} MB from "
                        f"{biggest.compress_size / _MB:,.1f} MB)", "zip_uncompressed_mb", bound.zip_uncompressed_mb)


def check_docx(path: str, data: bytes) -> None:
    """A DOCX's declared part sizes, and its main text part against text_mb: the reader parses that
    XML whole, as the HTML reader parses a page (a 100-page report's word/document.xml is 1–3 MB)."""
    archive = _archive(path, data, "DOCX")
    if archive is None:
        return  # the reader says what is wrong with it
    with archive:
        bound = limits()
        for info in archive.infolist():
            if _WORD_TEXT.match(info.filename) and info.file_size > bound.text_mb * _MB:
                raise OverLimit(path, f"a DOCX whose {info.filename} declares {info.file_size / _MB:,.1f} MB",
                                "text_mb", bound.text_mb)


def _archive(path: str, data: bytes, label: str) -> zipfile.ZipFile | None:
    """The ZIP package with its declared part sizes checked, or None when it does not open."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    try:
        _check_declared_sizes(path, archive.infolist(), label)
    except OverLimit:
        archive.close()
        raise
    return archive


def check_xlsx(path: str, data: bytes) -> None:
    bound = limits()
    archive = _archive(path, data, "XLSX")
    if archive is None:
        return  # the reader says what is wrong with it
    with archive:
        infos = archive.infolist()
        sheets = [info for info in infos if _WORKSHEET.match(info.filename)]
        if len(sheets) > bound.sheets:
            raise OverLimit(path, f"a workbook of {len(sheets)} worksheets", "sheets", bound.sheets)
        total = {"declared": 0, "counted": 0}
        for info in sheets:
            _check_sheet(path, archive, info, bound, total)


def _check_sheet(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, bound: Limits, total: dict) -> None:
    name = info.filename.rsplit("/", 1)[-1]
    try:
        with archive.open(info) as stream:
            head = stream.read(64 * 1024)
            extent = _declared_extent(head)
            if extent:
                rows, columns = extent
                if rows > bound.sheet_rows:
                    raise OverLimit(path, f"sheet {name} declares {rows:,} rows (<dimension>)", "sheet_rows", bound.sheet_rows)
                total["declared"] += rows * columns
                if total["declared"] > bound.workbook_cells:
                    raise OverLimit(path, f"the sheets declare {total['declared']:,} cells (rows × columns of their "
                                    f"<dimension>, {name}: {rows:,} × {columns:,})", "workbook_cells", bound.workbook_cells)
            before = total["counted"]

            def on_progress(rows: int, cells: int) -> None:
                if rows > bound.sheet_rows:
                    raise OverLimit(path, f"sheet {name} holds more than {rows:,} rows", "sheet_rows", bound.sheet_rows)
                if before + cells > bound.workbook_cells:
                    raise OverLimit(path, f"the sheets hold more than {before + cells:,} cells", "workbook_cells",
                                    bound.workbook_cells)
                total["counted"] = before + cells

            _counted_extent(stream, head, on_progress)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return  # a damaged part: the reader rejects the workbook with its own reason


# --- XLS (BIFF8): the DIMENSIONS record at the start of each sheet's substream ----------------

_BOF, _EOF, _DIMENSIONS = 0x0809, 0x000A, 0x0200


def _biff_dimensions(mem: bytes, position: int) -> tuple[int, int] | None:
    """(rows, columns) from the first DIMENSIONS record after a sheet's BOF (a few records in)."""
    for _ in range(5000):
        if position + 4 > len(mem):
            return None
        code, length = struct.unpack_from("<HH", mem, position)
        body = mem[position + 4:position + 4 + length]
        if code == _DIMENSIONS:
            if length >= 14:  # BIFF8: first row, last row + 1 (32 bit), first col, last col + 1 (16 bit)
                first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", body)
            elif length >= 10:  # BIFF5/7: 16-bit rows
                first_row, end_row, first_col, end_col = struct.unpack_from("<HHHH", body)
            else:
                return None
            return max(0, end_row - first_row), max(0, end_col - first_col)
        if code == _EOF:
            return None
        position += 4 + length
    return None


def check_xls(path: str, data: bytes) -> None:
    import xlrd

    bound = limits()
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)  # the globals only: no sheet is parsed
    except Exception:  # noqa: BLE001 (xlrd raises many kinds on damaged files; the reader names them)
        return
    try:
        names = book.sheet_names()
        if len(names) > bound.sheets:
            raise OverLimit(path, f"a workbook of {len(names)} sheets", "sheets", bound.sheets)
        cells = 0
        for name, position in zip(names, getattr(book, "_sh_abs_posn", [])):
            extent = _biff_dimensions(book.mem, position)
            if extent is None:
                continue
            rows, columns = extent
            if rows > bound.sheet_rows:
                raise OverLimit(path, f"sheet {name} declares {rows:,} rows (DIMENSIONS)", "sheet_rows", bound.sheet_rows)
            cells += rows * columns
            if cells > bound.workbook_cells:
                raise OverLimit(path, f"the sheets declare {cells:,} cells (rows × columns)", "workbook_cells",
                                bound.workbook_cells)
    finally:
        book.release_resources()
