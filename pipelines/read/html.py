"""Reader for saved HTML pages of reports: every <table> row becomes a table row, the text around
the tables prose lines (the standard library's html.parser; no lxml needed).

- A table's cells are laid out on the HTML grid: a cell with colspan=N is followed by N-1 empty
  cells, a cell with rowspan=N leaves empty cells in the N-1 rows below (the value sits in the
  top-left position, like a merged header in the text format); every row of a table is padded to
  the table's width. <thead> rows come first and <tfoot> rows last, as a browser prints them.
  A <caption> is a prose line before its table. Rows without any text are skipped; a one-column
  table is prose.
- A table that frames other tables is page layout (old government sites frame the page in one):
  its cells are read as flowing content and the tables inside them as tables; a data table with a
  small table in one cell stays a data table (see ``is_layout``).
- Text outside tables: each block element (<p>, <div>, <h1>–<h6>, <li>, …) and each <br> ends a
  line; whitespace runs collapse to one space, as a browser shows them; <script>, <style>, the
  <head> and elements hidden with ``display:none`` or ``hidden`` are not read. Inside a cell, the
  lines of a <br> or a block element are joined (nothing between two CJK characters, else a space).
- Pages: an element styled ``page-break-before: always`` / ``break-before: page`` (or ``…-after``)
  starts a new page, as when the page is printed; otherwise everything is page 1.
- Encoding: a BOM, else the declared ``<meta charset>`` (gb2312/gbk read as GB18030), else UTF-8,
  else GB18030.

``number`` is the line's running ordinal in the page's reading order. This module walks the page in
reading order; the DOM and decoding are in html_tree, tables' grids and layout tables in html_tables.
"""

from __future__ import annotations

import re

from pipelines.model import Line
from pipelines.read.html_tables import cell_text, cells_of, is_layout, rows_of, table_grid
from pipelines.read.html_tree import BLOCK_TAGS, SKIPPED_TAGS, SPACES, Node, decode_html, parse_html
from pipelines.read.watermarks import is_watermark
from pipelines.textnorm import normalize_text

_BREAK_BEFORE = re.compile(r"(?:page-break-before\s*:\s*always|break-before\s*:\s*(?:page|always|left|right|recto|verso))", re.I)
_BREAK_AFTER = re.compile(r"(?:page-break-after\s*:\s*always|break-after\s*:\s*(?:page|always|left|right|recto|verso))", re.I)


class _LineWriter:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.page = 1
        self.break_pending = False
        self.buffer: list[str] = []

    def page_break(self) -> None:
        self.flush()
        if self.lines:
            self.break_pending = True

    def _emit(self, raw: str, cells: tuple[str, ...]) -> None:
        if self.break_pending:
            self.page += 1
            self.break_pending = False
        self.lines.append(Line(number=len(self.lines) + 1, page=self.page, raw=raw, cells=cells, engine="html"))

    def text(self, text: str) -> None:
        self.buffer.append(text)

    def flush(self) -> None:
        raw = SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer.clear()
        if not raw:
            return
        cell = normalize_text(raw)
        if cell and not is_watermark(cell):
            self._emit(raw, (cell,))

    def table(self, grid: list[list[str]]) -> None:
        self.flush()
        width = max((len(row) for row in grid), default=0)
        for row in grid:
            if not any(c.strip() for c in row):
                continue
            if width < 2:
                self.text(row[0])
                self.flush()
                continue
            self._emit("\t".join(row), tuple(normalize_text(c) for c in row))


def _walk(node: Node, out: _LineWriter, *, pre: bool = False) -> None:
    for child in node.children:
        if isinstance(child, str):
            if pre:
                parts = child.split("\n")
                for index, part in enumerate(parts):
                    if index:
                        out.flush()
                    out.text(part)
            else:
                out.text(child)
            continue
        tag = child.tag
        if tag in SKIPPED_TAGS or child.hidden():
            continue
        if _BREAK_BEFORE.search(child.style):
            out.page_break()
        if tag == "br":
            out.flush()
        elif tag == "table":
            captions = [c for c in child.children if isinstance(c, Node) and c.tag == "caption"]
            for caption in captions:
                out.flush()
                out.text(cell_text(caption))
                out.flush()
            if is_layout(child):
                _walk_layout_table(child, out)
            else:
                out.table(table_grid(child))
        elif tag in BLOCK_TAGS:
            out.flush()
            _walk(child, out, pre=pre or tag == "pre")
            out.flush()
        else:
            _walk(child, out, pre=pre)
        if _BREAK_AFTER.search(child.style):
            out.page_break()


def _walk_layout_table(table: Node, out: _LineWriter) -> None:
    """A table used for page layout: each cell's content in reading order, as flowing content."""
    for row in rows_of(table):
        for cell in cells_of(row):
            if cell.hidden():
                continue
            out.flush()
            _walk(cell, out)
            out.flush()


def read_html(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of a saved HTML page (see the module docstring)."""
    root = parse_html(decode_html(path, data))
    out = _LineWriter()
    _walk(root, out)
    out.flush()
    return tuple(out.lines)
