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
rows of the sheets before it); ``page`` is the sheet's 1-based index in the workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pipelines.errors import RejectedInput
from pipelines.model import Line
from pipelines.read.watermarks import is_watermark
from pipelines.textnorm import normalize_text

_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_LITERAL = re.compile(r'"([^"]*)"|\\(.)')
_DIGITS = re.compile(r"[0#?][0#?,]*(?:\.([0#?]*))?")
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class SheetRow:
    """One sheet row as displayed: cell texts and whether any of its cells has a border."""

    number: int  # running ordinal over all sheets
    page: int  # the sheet's 1-based index
    cells: tuple[str, ...]
    ruled: bool


# --- numbers as displayed -----------------------------------------------------------------------

def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value: float | int | Decimal, number_format: str | None) -> str:
    """The text a spreadsheet shows for a number under its number format (decimals, thousands
    separators, percent); General (or a format without digits) shows the number itself."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        exact = Decimal(value)
    elif isinstance(value, Decimal):
        exact = value
    else:
        exact = Decimal(format(value, ".15g"))  # Excel keeps 15 significant digits
    sections = (number_format or "General").split(";")
    if sections[0].strip().lower() in ("general", "@", ""):
        return _plain(exact)
    section = sections[0]
    if exact < 0 and len(sections) > 1 and sections[1].strip():
        section = sections[1]
    elif exact == 0 and len(sections) > 2:
        section = sections[2]  # the zero section: often "-" or nothing, and then that is what is printed
    pattern = _QUOTED.sub("", section)
    digits = _DIGITS.search(pattern)
    if not digits:
        if exact == 0 and len(sections) > 2:  # a zero printed as a literal ("-") or as nothing
            return "".join(a or b for a, b in _LITERAL.findall(section)).strip()
        return _plain(exact)
    percent = "%" in pattern
    if percent:
        exact *= 100
    decimals = len(digits.group(1) or "")
    rounded = abs(exact).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    thousands = "," in digits.group(0).split(".")[0]
    text = f"{rounded:,.{decimals}f}" if thousands else f"{rounded:.{decimals}f}"
    # a negative number keeps its sign whatever the format prints instead (red, parentheses)
    negative_prefix = "-" if exact < 0 and rounded != 0 else ""
    return negative_prefix + text + ("%" if percent else "")


def _join_lines(text: str) -> str:
    """A cell's own line breaks joined: nothing between two CJK characters, a space otherwise."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n") if p.strip()]
    joined = ""
    for part in parts:
        if joined and not (_CJK.match(joined[-1]) and _CJK.match(part[0])):
            joined += " "
        joined += part
    return joined


def display_text(value, number_format: str | None = None) -> str:
    """The text of a cell value as the sheet displays it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _join_lines(value)
    if isinstance(value, (bool, int, float, Decimal)):
        return format_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return _join_lines(str(value))


# --- rows → lines -------------------------------------------------------------------------------

def _trimmed(cells: Iterable[str]) -> tuple[str, ...]:
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return tuple(cells)


def _filled(cells: tuple[str, ...]) -> int:
    return sum(1 for c in cells if c.strip())


def rows_to_lines(rows: Iterable[SheetRow], engine: str) -> tuple[Line, ...]:
    """Lines from displayed sheet rows: table rows (padded per table), prose lines, no blanks;
    ``engine`` (openpyxl | xlrd) is recorded on every line for lineage."""
    by_page: dict[int, list[SheetRow]] = {}
    for row in rows:
        by_page.setdefault(row.page, []).append(row)
    lines: list[Line] = []
    for page in sorted(by_page):
        lines.extend(_sheet_lines(by_page[page], engine))
    return tuple(lines)


def _row_kinds(rows: list[SheetRow]) -> list[str]:
    """"row" (a table row) or "prose" for each non-empty row of one sheet."""
    first_ruled = next((i for i, r in enumerate(rows) if r.ruled), len(rows))
    kinds = []
    for index, row in enumerate(rows):
        if row.ruled or (_filled(row.cells) >= 2 and index >= first_ruled):
            kinds.append("row")
        elif _filled(row.cells) >= 2 and first_ruled == len(rows):
            kinds.append("row")  # a sheet without any ruling: filled cells side by side make a row
        else:
            kinds.append("prose")  # above the ruled table: title, "单位：… 金额单位：万元", 表号
    # a label-only row between two rows of one table (the "合 计" of an empty, unruled table)
    return [
        "row" if kind == "prose" and _filled(rows[i].cells) == 1 and 0 < i < len(rows) - 1
        and kinds[i - 1] == kinds[i + 1] == "row"
        and rows[i - 1].number == rows[i].number - 1 and rows[i + 1].number == rows[i].number + 1 else kind
        for i, kind in enumerate(kinds)
    ]


def _sheet_lines(rows: list[SheetRow], engine: str) -> Iterator[Line]:
    rows = [SheetRow(r.number, r.page, _trimmed(r.cells), r.ruled) for r in rows]
    rows = [r for r in rows if _filled(r.cells)]
    kinds = _row_kinds(rows)
    index = 0
    while index < len(rows):
        if kinds[index] != "row":
            row = rows[index]
            text = " ".join(c.strip() for c in row.cells if c.strip())  # cells side by side read as one line
            cell = normalize_text(text)
            if not is_watermark(cell):
                yield Line(number=row.number, page=row.page, raw=text, cells=(cell,), engine=engine)
            index += 1
            continue
        end = index
        while end < len(rows) and kinds[end] == "row" and (end == index or rows[end].number == rows[end - 1].number + 1):
            end += 1
        width = max(2, max(len(r.cells) for r in rows[index:end]))
        for row in rows[index:end]:
            raw_cells = list(row.cells) + [""] * (width - len(row.cells))
            yield Line(number=row.number, page=row.page, raw="\t".join(raw_cells),
                       cells=tuple(normalize_text(c) for c in raw_cells), engine=engine)
        index = end


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
    return _join_lines(str(cell.value))


def read_xls(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of an XLS (BIFF) workbook (see the module docstring)."""
    return rows_to_lines(xls_rows(path, data), "xlrd")
