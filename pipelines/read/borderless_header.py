"""Header lines of a borderless table → header rows: header words widen or add columns, are joined
into cells, and a cell over several columns is a group label placed over the leftmost of them
(pipelines.read.borderless)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from pipelines.normalize.header import is_numbering_row
from pipelines.read.borderless_columns import cell_bounds, column_of, join_words, overlapping
from pipelines.read.glyphs import TextLine, Word, WordBox

_SAME_ROW = 0.4  # a header cell centred higher than this × font size above a row of sub-headers spans rows
_ALIGNED = 0.2  # two header lines whose centres (or left edges) differ less × font size are one cell


def header_rows(header: list[TextLine], columns: list[list[float]]) -> list[list[str]]:
    """Header lines → group rows, one row of each column's own header text, the 栏次 row.

    Header words first widen the body's columns or add the columns empty in the body
    (_place_header_words). Words are then joined into header cells (a cell's wrapped lines share a centre or a
    left edge). A cell is a group label when the columns beside it have header cells
    below it and none at its height (_group_spans); it is placed over the leftmost of them,
    as a ruled table's merged cell is. 栏次 numbers (right-aligned, often beside a centred
    header) go to the column they touch, else the nearest: the normaliser ignores them."""
    numbering = [line for line in header if is_numbering_row(tuple(word.text for word in line.words))]
    titles = [line for line in header if line not in numbering]
    _place_header_words([w for line in titles for w in line.words], columns)
    cells = _header_cells(titles)
    width = len(columns)
    spans = _group_spans(cells, columns)
    groups = [cell for cell in cells if spans[id(cell)][0] < spans[id(cell)][1]]
    levels: dict[float, list[str]] = {}  # centre of a row of group labels → its cells
    for cell in groups:
        level = next((c for c in levels if abs(c - cell.middle) < cell.size / 2), cell.middle)
        levels.setdefault(level, [""] * width)[spans[id(cell)][0]] += cell.text
    own: dict[int, list[Word]] = {}
    for cell in cells:
        if cell in groups:
            continue
        # a column's own cell as tall as a group row above the bottom one starts in that row,
        # as a ruled table's cell spanning header rows does ("合计" beside 公务用车购置及运行维护费)
        reached = [c for c in levels if c <= cell.top + cell.size / 2 and c > cell.bottom]
        if reached:
            levels[max(reached)][spans[id(cell)][0]] += cell.text
        else:
            own.setdefault(spans[id(cell)][0], []).extend(cell.words)
    rows = [levels[c] for c in sorted(levels, reverse=True)]
    if own:
        rows.append([join_words(own.get(index, [])) for index in range(width)])
    for line in numbering:
        row = [""] * width
        for word in line.words:
            row[column_of(word, columns)] += word.text
        rows.append(row)
    return rows

def _place_header_words(words: list[Word], columns: list[list[float]]) -> None:
    """Widen the body's columns to their header words, and add the columns that are empty in the body.

    Bottom-up (a column's own header text first): a word over one column widens it; a word over
    none belongs to the column whose cell it sits in (centred headers over left-aligned codes or
    right-aligned amounts), unless that column already has header text beside it at the same
    height or lies further away than the word is wide: then it heads a column that no body row
    fills — unless the column to its left is filled by the body and named by no header word."""
    taken: dict[int, list[Word]] = {}  # id(column) → its header words
    body = {id(column) for column in columns}
    added: list[tuple[list[float], Word]] = []  # columns only a header word makes
    for word in sorted(words, key=lambda w: w.bottom):
        over = overlapping(word, columns)
        if len(over) > 1:
            continue
        if not over:
            middle = (word.left + word.right) / 2
            bounds = cell_bounds(columns)
            home = next((i for i, (left, right) in enumerate(bounds) if left <= middle <= right), None)
            beside = home is None or any(w.bottom < word.top and w.top > word.bottom for w in taken.get(id(columns[home]), []))
            far = home is not None and max(columns[home][0] - word.right, word.left - columns[home][1]) > max(
                word.right - word.left, 2 * word.size)
            if beside or far:
                columns.append([word.left, word.right])
                columns.sort()
                over = [next(i for i, c in enumerate(columns) if c == [word.left, word.right])]
                added.append((columns[over[0]], word))
            else:
                over = [home]
        column = columns[over[0]]
        column[0], column[1] = min(column[0], word.left), max(column[1], word.right)
        taken.setdefault(id(column), []).append(word)
    # a header far right of short left-aligned labels that no header names ("项目" centred over a
    # wide label cell) is their header, not the header of a column the body leaves empty
    for column, word in added:
        index = next(i for i, c in enumerate(columns) if c is column)
        left = columns[index - 1] if index else None
        if left is not None and id(left) in body and id(left) not in taken and taken.get(id(column)) == [word]:
            columns.pop(index)
            left[1] = max(left[1], word.right)
            taken[id(left)] = [word]



@dataclass
class _Cell(WordBox):
    """A header cell: words on consecutive lines sharing a centre or a left edge."""

    words: list[Word]

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def text(self) -> str:
        return join_words(self.words)


def _header_cells(lines: list[TextLine]) -> list[_Cell]:
    """Header words joined into cells: a word continues the cell whose last line is right above
    it when both share a centre (centred cells) or a left edge (left-aligned ones)."""
    cells: list[_Cell] = []
    for line in lines:
        for word in line.words:
            home = next((cell for cell in cells if _wraps_into(cell.words[-1], word)), None)
            if home is None:
                cells.append(_Cell([word]))
            else:
                home.words.append(word)
    return cells


def _wraps_into(above: Word, word: Word) -> bool:
    tolerance = _ALIGNED * word.size
    return 0 <= above.bottom - word.top < word.size / 2 and (
        abs((above.left + above.right) / 2 - (word.left + word.right) / 2) <= tolerance
        or abs(above.left - word.left) <= tolerance)


def _group_spans(cells: list[_Cell], columns: list[list[float]]) -> dict[int, tuple[int, int]]:
    """The columns each header cell spans, keyed by id(cell).

    A grid header leaves no gaps, so a cell spans the columns beside it that have header cells
    below it and none at its own height ("本年支出" over 小计/基本支出/项目支出). Where two cells
    at one height ("收入", "支出") share such free columns, the split is where both sit best
    over the middle of their columns."""

    def columns_of(cell: _Cell) -> list[int]:
        return overlapping(cell, columns) or [column_of(cell, columns)]

    def middle_miss(cell: _Cell, first: int, last: int) -> float:
        return abs((columns[first][0] + columns[last][1]) / 2 - (cell.left + cell.right) / 2)

    spans: dict[int, tuple[int, int]] = {}
    done: set[int] = set()
    for cell in cells:
        if id(cell) in done:
            continue
        # one header row: cells each centred within the other's height (a cell wrapped over
        # three lines, "科目编/码", is as tall as two rows and must not join them into one)
        level = sorted((c for c in cells if c is cell or (c.bottom < cell.middle < c.top and cell.bottom < c.middle < cell.top)),
                       key=lambda c: c.left)
        done.update(id(c) for c in level)
        taken = {i for c in level for i in columns_of(c)}
        below = {i for c in cells if c.top <= max(x.bottom for x in level) for i in columns_of(c)}
        free = below - taken
        # only a cell with header cells under it can be a group label; the others stay put
        spanning = [any(i in below for i in columns_of(c)) for c in level]
        ranges = [[columns_of(c)[0], columns_of(c)[-1]] for c in level]
        for index, (cell_range, can_span) in enumerate(zip(ranges, spanning)):
            if not can_span:
                continue
            left_stop = ranges[index - 1][1] if index else -1
            right_stop = ranges[index + 1][0] if index + 1 < len(ranges) else len(columns)
            under = _first_below(level[index], cells, columns_of)
            mine = [under[i].middle for i in range(cell_range[0], cell_range[1] + 1) if i in under]
            row = median(mine) if mine else None
            while cell_range[0] - 1 > left_stop and _under_group(cell_range[0] - 1, free, under, row):
                cell_range[0] -= 1
            while cell_range[1] + 1 < right_stop and _under_group(cell_range[1] + 1, free, under, row):
                cell_range[1] += 1
        for index in range(len(level) - 1):  # two groups claiming the same free columns
            left, right = ranges[index], ranges[index + 1]
            if spanning[index] and spanning[index + 1] and left[1] + 1 == right[0]:
                first, last = left[0], right[1]
                split = min(range(first, last), key=lambda m: middle_miss(level[index], first, m)
                            + middle_miss(level[index + 1], m + 1, last))
                left[1], right[0] = split, split + 1
        for c, (start, end) in zip(level, ranges):
            spans[id(c)] = (start, end)
    return spans


def _under_group(column: int, free: set[int], under: dict[int, _Cell], row: float | None) -> bool:
    """A free column is under a group unless its first header cell below the group is centred
    higher than the group's own sub-headers (centred at `row`): such a cell spans the header rows
    beside the group ("“三公”经费合计" beside 公务用车购置及运行维护费 over 小计/购置费/运行维护费)."""
    if column not in free:
        return False
    if row is None:
        return True
    return column in under and under[column].middle - row < _SAME_ROW * under[column].size


def _first_below(group: _Cell, cells: list[_Cell], columns_of) -> dict[int, _Cell]:
    """Per column, the header cell right below `group` (the highest one under its bottom)."""
    first: dict[int, _Cell] = {}
    for cell in cells:
        if cell.top <= group.bottom + cell.size / 2:
            for i in columns_of(cell):
                if i not in first or cell.top > first[i].top:
                    first[i] = cell
    return first

