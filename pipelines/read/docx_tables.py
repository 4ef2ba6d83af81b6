"""Word tables (w:tbl) → rows of cell texts on the table's grid, with the page breaks met in each row
(pipelines.read.docx).

- A cell spanning columns (w:gridSpan, or the old w:hMerge) keeps its text in its first column, the
  columns it covers are empty; a cell merged down (w:vMerge) keeps its text on its first row, the
  rows it covers are empty there — as the HTML reader lays out colspan/rowspan and the text format
  prints merged headers. w:gridBefore / w:gridAfter leave empty grid columns; every row is padded to
  the table's width (its w:tblGrid, or its widest row).
- A cell's paragraphs and line breaks are joined (nothing between two CJK characters, else a space).
  A table inside a data cell is flattened into the cell's text, one line per inner row; a table that
  frames other tables (page layout) is read as flowing content by the caller (``is_layout``).
- Hidden rows (w:trPr/w:hidden) are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from pipelines.read.docx_text import Styles, is_on, paragraph_parts, w_attr, w_child, w_name
from pipelines.read.spreadsheet_cells import join_lines

_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml", "ins", "moveTo"})  # content controls and tracked insertions
_MAX_SPAN = 1000


def block_children(element: Element) -> Iterator[Element]:
    """The paragraphs, tables and imported parts (w:altChunk) of a body, cell or text box, content
    controls unwrapped."""
    for child in element:
        name = w_name(child)
        if name in ("p", "tbl", "altChunk"):
            yield child
        elif name in _WRAPPERS:
            yield from block_children(child)


def _unwrapped(element: Element, name: str) -> Iterator[Element]:
    for child in element:
        if w_name(child) == name:
            yield child
        elif w_name(child) in _WRAPPERS:
            yield from _unwrapped(child, name)


def rows_of(table: Element) -> list[Element]:
    """The printed rows of a table (hidden rows left out)."""
    return [row for row in _unwrapped(table, "tr") if not is_on(w_child(w_child(row, "trPr"), "hidden"))]


def cells_of(row: Element) -> list[Element]:
    return list(_unwrapped(row, "tc"))


@dataclass
class Breaks:
    """Page breaks met in a cell or a row: before any of its text (it starts on a new page) and after
    some (it runs over a page: the next line starts on the next)."""

    explicit_before: int = 0
    rendered_before: int = 0
    after: int = 0


def row_breaks(cells: list[Breaks]) -> Breaks:
    """A row's page breaks from its cells'. Several cells crossing the same page boundary count once: a
    row moved whole to the next page has a break before the text of some or all of its cells; a row
    running over a page has one after the text of at least one cell (its other cells may start their
    text on the next page): it starts on its first page and the boundaries count for the next line."""
    if any(cell.after for cell in cells):
        crossed = max(max(cell.explicit_before, cell.rendered_before) + cell.after for cell in cells)
        return Breaks(after=crossed)
    return Breaks(max((c.explicit_before for c in cells), default=0), max((c.rendered_before for c in cells), default=0))


@dataclass
class Row:
    cells: list[str]
    breaks: Breaks = field(default_factory=Breaks)


def _cell_lines(element: Element, styles: Styles, breaks: Breaks, lines: list[str]) -> None:
    """A cell's printed lines (paragraphs, line breaks, inner tables' rows) and the page breaks in it."""
    for block in block_children(element):
        if w_name(block) == "tbl":
            for row in table_rows(block, styles):
                lines.append(" ".join(cell for cell in row.cells if cell))
                breaks.after += row.breaks.after + max(row.breaks.explicit_before, row.breaks.rendered_before)
            continue
        lines.append("")
        for kind, value in paragraph_parts(block, styles):
            if kind == "text":
                lines[-1] += str(value)
            elif kind == "line":
                lines.append("")
            elif kind == "page":
                if any(line.strip() for line in lines):
                    breaks.after += 1
                elif value == "explicit":
                    breaks.explicit_before += 1
                else:
                    breaks.rendered_before += 1


def _span(cell_properties: Element | None) -> int:
    element = w_child(cell_properties, "gridSpan")
    try:
        span = int(w_attr(element, "val") or 1) if element is not None else 1
    except ValueError:
        span = 1
    return min(max(span, 1), _MAX_SPAN)


def _merged_away(cell_properties: Element | None) -> bool:
    """A cell covered by the one above (w:vMerge continuing) or to its left (w:hMerge continuing)."""
    for name in ("vMerge", "hMerge"):
        merge = w_child(cell_properties, name)
        if merge is not None and (w_attr(merge, "val") or "continue").strip().lower() == "continue":
            return True
    return False


def _grid_count(row: Element, name: str) -> int:
    element = w_child(w_child(row, "trPr"), name)
    try:
        return min(max(int(w_attr(element, "val") or 0), 0), _MAX_SPAN) if element is not None else 0
    except ValueError:
        return 0


def table_rows(table: Element, styles: Styles) -> list[Row]:
    """The table's rows on its grid (see the module docstring), rows without any text kept (the
    caller drops them, after taking their page breaks)."""
    grid = w_child(table, "tblGrid")
    width = sum(1 for column in grid if w_name(column) == "gridCol") if grid is not None else 0
    rows: list[Row] = []
    for element in rows_of(table):
        row = Row([""] * _grid_count(element, "gridBefore"))
        cell_breaks: list[Breaks] = []
        for cell in cells_of(element):
            properties = w_child(cell, "tcPr")
            lines: list[str] = []
            cell_breaks.append(Breaks())
            _cell_lines(cell, styles, cell_breaks[-1], lines)
            span = _span(properties)
            row.cells.append("" if _merged_away(properties) else join_lines("\n".join(lines)))
            row.cells.extend([""] * (span - 1))
        row.cells.extend([""] * _grid_count(element, "gridAfter"))
        row.breaks = row_breaks(cell_breaks)
        rows.append(row)
    width = max([width] + [len(row.cells) for row in rows])
    for row in rows:
        row.cells.extend([""] * (width - len(row.cells)))
    return rows


def _text_length(element: Element) -> int:
    return sum(len((node.text or "").strip()) for node in element.iter() if w_name(node) == "t")


def is_layout(table: Element) -> bool:
    """A table that frames other tables (page layout), not a table of data: it holds tables and is
    small (≤ 3 rows or one column) or most of its text is in the tables it holds — the rule of the
    HTML reader (pipelines.read.html_tables.is_layout). A data table with a small table in one cell
    stays a data table (the inner table is flattened into that cell's text)."""
    rows = rows_of(table)
    inner = [block for row in rows for cell in cells_of(row) for block in block_children(cell) if w_name(block) == "tbl"]
    if not inner:
        return False
    if len(rows) <= 3 or max((len(cells_of(row)) for row in rows), default=0) <= 1:
        return True
    return 2 * sum(_text_length(t) for t in inner) >= _text_length(table)
