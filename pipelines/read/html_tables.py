"""HTML tables → grids of cell texts: a cell's text, the table's rows as printed, spans laid out
on the grid, and whether a table is page layout rather than data (pipelines.read.html)."""

from __future__ import annotations

import re

from pipelines.read.html_tree import BLOCK_TAGS, SKIPPED_TAGS, SPACES, Node

_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def _join(parts: list[str]) -> str:
    joined = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if joined and not (_CJK.match(joined[-1]) and _CJK.match(part[0])):
            joined += " "
        joined += part
    return joined


def cell_text(node: Node) -> str:
    """A cell's text: its lines (<br>, block elements) joined, whitespace collapsed."""
    lines: list[str] = [""]

    def walk(item: Node | str) -> None:
        if isinstance(item, str):
            lines[-1] += item
            return
        if item.tag in SKIPPED_TAGS or item.hidden():
            return
        if item.tag == "br" or item.tag in BLOCK_TAGS:
            lines.append("")
        for child in item.children:
            walk(child)
        if item.tag in BLOCK_TAGS:
            lines.append("")

    for child in node.children:
        walk(child)
    return _join([SPACES.sub(" ", line) for line in lines])


def rows_of(table: Node) -> list[Node]:
    """The table's <tr>s as printed: <thead> rows, body rows, <tfoot> rows (nested tables excluded)."""
    head: list[Node] = []
    body: list[Node] = []
    foot: list[Node] = []

    def collect(node: Node, target: list[Node]) -> None:
        for child in node.children:
            if not isinstance(child, Node) or child.tag == "table":
                continue
            if child.tag == "tr":
                target.append(child)
            elif child.tag == "thead":
                collect(child, head)
            elif child.tag == "tfoot":
                collect(child, foot)
            else:
                collect(child, target)

    collect(table, body)
    return head + body + foot


def cells_of(row: Node) -> list[Node]:
    found: list[Node] = []
    for child in row.children:
        if isinstance(child, Node) and child.tag in ("td", "th"):
            found.append(child)
        elif isinstance(child, Node) and child.tag != "tr" and child.tag != "table":
            found.extend(cells_of(child))  # cells wrapped in <form> or other stray elements
    return found


def _span(node: Node, name: str) -> int:
    try:
        value = int(re.sub(r"[^\d].*$", "", node.attrs.get(name, "1").strip()) or 1)
    except ValueError:
        return 1
    return min(max(value, 1), 1000)


def table_grid(table: Node) -> list[list[str]]:
    """The table as a rectangle of cell texts: spans expanded to empty cells, rows padded."""
    rows = [r for r in rows_of(table) if not r.hidden()]
    placed: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        column = 0
        for cell in cells_of(row):
            if cell.hidden():
                continue
            while (r, column) in placed:
                column += 1
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            rowspan = min(rowspan, len(rows) - r)
            for rr in range(r, r + rowspan):
                for cc in range(column, column + colspan):
                    placed[(rr, cc)] = ""
            placed[(r, column)] = cell_text(cell)
            column += colspan
    width = max((c + 1 for (_, c) in placed), default=0)
    return [[placed.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _text_length(node: Node | str) -> int:
    if isinstance(node, str):
        return len(node.strip())
    if node.tag in SKIPPED_TAGS:
        return 0
    return sum(_text_length(child) for child in node.children)


def _nested_tables(node: Node) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            found.extend([child] if child.tag == "table" else _nested_tables(child))
    return found


def is_layout(table: Node) -> bool:
    """A table that frames other tables (page layout), not a table of data: it holds tables and is
    small (≤ 3 rows or one column) or most of its text is in the tables it holds. A data table with
    a small table in one cell stays a data table (the inner table's text is that cell's text)."""
    inner = _nested_tables(table)
    if not inner:
        return False
    rows = rows_of(table)
    if len(rows) <= 3 or max((len(cells_of(r)) for r in rows), default=0) <= 1:
        return True
    return 2 * sum(_text_length(t) for t in inner) >= _text_length(table)
