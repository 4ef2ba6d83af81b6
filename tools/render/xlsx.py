"""Render a text report as an XLSX disclosure, the way departments publish 预决算 workbooks.

    render_xlsx(text) -> openpyxl.Workbook        write_xlsx(text, path)

- Sheet 1 ("封面及说明"): the cover and the 情况说明, one printed line per row in column A
  (a blank row between paragraphs, headings bold).
- One sheet per titled table, named after its title (≤ 31 characters, unique): its preamble
  lines (表号, title merged and centred over the table, 单位：万元, the unit, the year) as rows on
  top, then the table with thin borders on every cell, header spans as merged cells (value in
  the top-left cell), numbers as numbers (``#,##0.00`` for two printed decimals, whatever
  thousands separators the text had; integers ``0``; percents ``0.00%``), codes as text, then the
  notes printed under the table. A table without a title of its own (a statistics block under the
  三公 table) continues the sheet of the table before it; a part heading ("第三部分 …") after a
  table starts a prose sheet of its own. The order of the printed lines is the text's.
- Page setup: A4, landscape for wide tables, header rows repeated on every printed page, a
  manual page break where the text had one inside a table.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from tools.render.blocks import Block, Cell, Paragraph, Table, Text, header_spans, is_part_heading, parse_report

COVER = "封面及说明"
FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def number_format(number) -> str:
    """The Excel format that prints the number as the text did (decimals, percent); thousands
    separators for every money amount with decimals."""
    decimals = "." + "0" * number.decimals if number.decimals else ""
    if number.percent:
        return "0" + decimals + "%"
    if number.decimals or number.thousands:
        return "#,##0" + decimals
    return "0"


def sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("", re.sub(r"\s+", "", title)).strip("'") or "表"
    base = base[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _safe(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


class _SheetWriter:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1
        self.widths: dict[int, int] = {}
        self.has_table = False

    def blank(self) -> None:
        if self.row > 1:
            self.row += 1

    def text(self, line: Text, *, size: float = 11, bold: bool | None = None, merge: int = 0,
             align: str | None = None) -> None:
        cell = self.ws.cell(self.row, 1, _safe(line.text))
        cell.data_type = "s"
        cell.font = Font(name=FONT, size=size, bold=(line.bold or bool(line.heading)) if bold is None else bold)
        if align:
            cell.alignment = Alignment(horizontal=align, vertical="center")
        if merge > 1:
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=merge)
        self.row += 1

    def paragraph(self, paragraph: Paragraph) -> None:
        for line in paragraph.lines:
            size = {1: 16, 2: 14, 3: 12}.get(line.heading, 11)
            self.text(line, size=size)
        self.row += 1  # a blank row between paragraphs

    def table(self, table: Table) -> None:
        ws = self.ws
        width = max(table.width, 2)
        title = table.title
        if self.has_table and not title:
            self.blank()  # a block printed under the table before it
        for line in table.preamble:
            if line.text == title:
                self.text(line, size=16, bold=True, merge=width, align="center")
            else:
                self.text(line, size=10, bold=False)
        grid = table.grid()
        head = table.header_rows
        top = self.row
        for r, row in enumerate(grid):
            for c, item in enumerate(row):
                self._cell(top + r, c + 1, item, header=r < head)
            if r in table.breaks and r:
                ws.row_breaks.append(Break(id=top + r - 1))
        if head:
            spans = header_spans(grid[:head])
            for r in range(head):
                for c in range(len(grid[r])):
                    span = spans[r][c]
                    if span and span != (1, 1):
                        colspan, rowspan = span
                        ws.merge_cells(start_row=top + r, start_column=c + 1,
                                       end_row=top + r + rowspan - 1, end_column=c + colspan)
            if not self.has_table:
                ws.print_title_rows = f"{top}:{top + head - 1}"
                ws.freeze_panes = ws.cell(top + head, 1)
        for c in range(width):
            texts = [grid[r][c].text for r in range(len(grid)) if c < len(grid[r])]
            longest = max((_display_width(t) for t in texts), default=0)
            self.widths[c + 1] = max(self.widths.get(c + 1, 0), min(max(longest + 2, 6), 40))
        self.row = top + len(grid)
        if table.wide:
            ws.page_setup.orientation = "landscape"
        self.has_table = True

    def _cell(self, row: int, column: int, item: Cell, *, header: bool) -> None:
        cell = self.ws.cell(row, column)
        number = None if header or item.is_code else item.number
        if number is not None:
            cell.value = float(number.fraction) if number.decimals or number.percent else int(number.value)
            cell.number_format = number_format(number)
            cell.alignment = Alignment(horizontal="right", vertical="center")
        elif item.text:
            cell.value = _safe(item.text)
            cell.data_type = "s"  # "=…" is text here, never a formula
            cell.alignment = Alignment(horizontal="center" if header else "left", vertical="center", wrap_text=header)
        cell.border = _BORDER
        cell.font = Font(name=FONT, size=10, bold=header or item.bold)
        if header:
            cell.fill = _HEADER_FILL

    def finish(self) -> None:
        for column, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(column)].width = width
        if not self.has_table:
            self.ws.column_dimensions["A"].width = 120
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True


def render_blocks(blocks: list[Block]) -> Workbook:
    workbook = Workbook()
    taken: set[str] = set()
    writer = _SheetWriter(workbook.active)
    writer.ws.title = sheet_name(COVER, taken)
    writers = [writer]

    def new_sheet(title: str) -> _SheetWriter:
        sheet = _SheetWriter(workbook.create_sheet(sheet_name(title, taken)))
        writers.append(sheet)
        return sheet

    for block in blocks:
        if isinstance(block, Table):
            if block.title:
                writer = new_sheet(block.title)
            writer.table(block)
        else:
            if writer.has_table and block.lines and is_part_heading(block.lines[0]):
                writer = new_sheet(block.lines[0].text)
            writer.paragraph(block)
    for sheet in writers:
        sheet.finish()
    return workbook


def render_xlsx(text: str) -> Workbook:
    """A text report (like data/raw/*.txt) as an XLSX workbook."""
    return render_blocks(parse_report(text))


def write_xlsx(text: str, path: str | Path) -> Path:
    path = Path(path)
    render_xlsx(text).save(path)
    return path
