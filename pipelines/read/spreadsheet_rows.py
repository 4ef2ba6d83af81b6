"""Displayed sheet rows → Lines: a ruled grid's rows (and filled cells side by side below it) are
table rows padded per table, every other row one prose line (pipelines.read.spreadsheet)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipelines.model import Line
from pipelines.read.watermarks import is_watermark
from pipelines.textnorm import normalize_text


@dataclass(frozen=True)
class SheetRow:
    """One sheet row as displayed: cell texts and whether any of its cells has a border."""

    number: int  # running ordinal over all sheets
    page: int  # the sheet's 1-based index
    cells: tuple[str, ...]
    ruled: bool


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
