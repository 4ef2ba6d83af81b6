"""Reader for spreadsheet reports: XLSX (openpyxl) and XLS (xlrd), one page per sheet.

Every sheet row becomes one Line, as a text extraction of the printed sheet would give it:

- a row of a ruled grid (its cells have borders) is a table row, even with one filled cell (the
  "合 计" of an empty table); so is a row with two or more filled cells, unless it lies above the
  first ruled row of its sheet (the preamble: "单位：… | 金额单位：万元" is one prose line, its
  cells joined by a space, as a PDF text extraction prints it); a row with one filled cell
  between two table rows is a table row too. The rows of one contiguous
  table are padded with empty cells to the table's width, so columns stay aligned (a merged
  cell's value is in its top-left cell and the cells it covers are empty, like a merged header
  in the text format);
- every other row (title, 表号, notes, the cover's paragraphs) is a prose line; empty rows are
  skipped; watermark lines are dropped as in text reports.

Numbers become the text the cell displays, so that it parses back to the exact decimal printed:
the cell's number format decides the decimals (``#,##0.00`` → "1,527.08"), a percent format
multiplies by 100 ("0.00%" → "99.98%"); a General number is rounded to Excel's 15 significant
digits (0.1 + 0.2 → "0.3"), never shown as a float repr. Dates become ISO dates. Formula cells
give the value the workbook saved with them (data_only); a workbook whose formulas have no saved
values (written by a program, never recalculated) is rejected, not read as blanks.

Hidden sheets, rows and columns are not read: the report is what its publisher shows (and what
a print of the workbook holds); a hidden sheet is often an old version or a lookup list.

``number`` is a running ordinal over all rows of all sheets (row N of a sheet is line N plus the
rows of the sheets before it); ``page`` is the sheet's 1-based index in the workbook. This module
opens the workbooks and walks their sheets; cells' display text is in spreadsheet_cells, rows → lines
in spreadsheet_rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from pipelines.errors import RejectedInput
from pipelines.model import Line
from pipelines.read.spreadsheet_cells import display_text, format_number, join_lines
from pipelines.read.spreadsheet_rows import SheetRow, rows_to_lines


# --- XLSX ---------------------------------------------------------------------------------------

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _visible_sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) of the visible worksheets, from xl/workbook.xml and its relationships."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    targets = {}
    for attrs in _RELATIONSHIP.findall(rels):
        found = dict(_ATTR.findall(attrs))
        target = found.get(b"Target", b"").decode("utf-8", "replace")
        targets[found.get(b"Id", b"")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts = []
    for attrs in _SHEET.findall(workbook):
        found = {k.split(b":")[-1]: v for k, v in _ATTR.findall(attrs)}
        if found.get(b"state", b"visible") == b"visible" and found.get(b"id") in targets:
            parts.append((found.get(b"name", b"").decode("utf-8", "replace"), targets[found[b"id"]]))
    return parts


def _xlsx_formulas_without_values(data: bytes) -> list[str]:
    """Cells ("Sheet!B1") of visible sheets holding a formula without a saved value. A formula whose
    saved result is an empty string (t="str", as Excel writes =IF(…,"",…)) has a value."""
    missing: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for sheet, part in _visible_sheet_parts(archive):
            if part not in names:
                continue
            xml = archive.read(part)
            if b"<f" not in xml and b":f" not in xml:
                continue
            for attrs, body in _CELL.findall(xml):
                if not re.search(rb"<(?:\w+:)?f[\s>/]", body):
                    continue
                value = _VALUE.search(body)
                if (value is None or not value.group(1)) and b't="str"' not in attrs:
                    reference = dict(_ATTR.findall(attrs)).get(b"r", b"?").decode("ascii", "replace")
                    missing.append(f"{sheet}!{reference}")
    return missing


def _has_border(cell) -> bool:
    border = getattr(cell, "border", None)
    if border is None:
        return False
    return any(getattr(side, "style", None) for side in (border.left, border.right, border.top, border.bottom))


def xlsx_rows(path: str, data: bytes) -> Iterator[SheetRow]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except zipfile.BadZipFile as error:
        raise RejectedInput(path, f"a corrupt XLSX workbook (the ZIP container is damaged: {error})", "corrupt_file") from error
    except Exception as error:  # openpyxl raises KeyError, ValueError, XML errors … on damaged parts
        raise RejectedInput(path, f"a corrupt XLSX workbook ({type(error).__name__}: {error})", "corrupt_file") from error
    missing = _xlsx_formulas_without_values(data)
    if missing:
        shown = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
        raise RejectedInput(
            path, f"{len(missing)} formula cells have no saved value ({shown}): the workbook was never "
            "recalculated; open it in Excel or LibreOffice and save it again", "formulas_without_values")
    offset = 0
    for page, ws in enumerate(workbook.worksheets, 1):
        height = ws.max_row or 0
        if ws.sheet_state != "visible":
            offset += height
            continue
        hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
        hidden_columns = {c for dim in ws.column_dimensions.values() if dim.hidden and dim.min
                          for c in range(dim.min, (dim.max or dim.min) + 1)}
        for row in ws.iter_rows():
            if not row or row[0].row in hidden_rows:
                continue
            shown = [c for c in row if c.column not in hidden_columns]
            cells = tuple(display_text(c.value, c.number_format) for c in shown)
            yield SheetRow(offset + row[0].row, page, cells, any(_has_border(c) for c in shown))
        offset += height


def read_xlsx(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of an XLSX workbook (see the module docstring)."""
    return rows_to_lines(xlsx_rows(path, data), "openpyxl")


# --- XLS ----------------------------------------------------------------------------------------

def xls_rows(path: str, data: bytes) -> Iterator[SheetRow]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except Exception as error:  # xlrd.XLRDError, struct errors, CompDocError on damaged files
        text = str(error)
        if "encrypted" in text.lower():
            raise RejectedInput(path, "an encrypted XLS workbook (password-protected); ask the publisher for an "
                                "open copy", "unsupported_format") from error
        if "Can't find workbook" in text or "No workbook" in text:
            raise RejectedInput(path, "an OLE file that is not an Excel workbook (a Word .doc or another "
                                "Office file?), not a report", "unsupported_format") from error
        raise RejectedInput(path, f"a corrupt XLS workbook ({type(error).__name__}: {text})", "corrupt_file") from error
    offset = 0
    for page, sheet in enumerate(book.sheets(), 1):
        if sheet.visibility:  # 1 hidden, 2 very hidden
            offset += sheet.nrows
            continue
        columns = [c for c in range(sheet.ncols) if not getattr(sheet.colinfo_map.get(c), "hidden", 0)]
        for r in range(sheet.nrows):
            if getattr(sheet.rowinfo_map.get(r), "hidden", 0):
                continue
            cells = []
            ruled = False
            for c in columns:
                cell = sheet.cell(r, c)
                xf = book.xf_list[cell.xf_index] if cell.xf_index is not None and cell.xf_index < len(book.xf_list) else None
                fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map else None
                cells.append(_xls_text(book, cell, fmt))
                if xf is not None and (xf.border.top_line_style or xf.border.bottom_line_style
                                       or xf.border.left_line_style or xf.border.right_line_style):
                    ruled = True
            yield SheetRow(offset + r + 1, page, tuple(cells), ruled)
        offset += sheet.nrows


def _xls_text(book, cell, fmt: str | None) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return format_number(cell.value, fmt)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return display_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_number(cell.value, None)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return join_lines(str(cell.value))


def read_xls(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of an XLS (BIFF) workbook (see the module docstring)."""
    return rows_to_lines(xls_rows(path, data), "xlrd")
