"""Borderless tables rebuilt from the words pdfium places on a page.

A table printed without ruling lines is still a grid: its columns are the x-ranges that the
words of its body rows cover (a gap that no body word crosses separates two columns), its rows
are the lines that hold a number (an amount, a 行次 or a code). A label that wraps inside its cell
becomes text lines without a number; each joins the numbered line nearest to it (above when the
cell is top-aligned, around it when it is centred) unless it opens a row of its own ("其中：",
"（一）…", a code). Header words are read bottom-up: the 栏次 numbers and the column's own header
cells mark columns that are empty in the body; a word over several columns is a group label and is
placed over the leftmost of them, as a ruled table's merged cell is. A table's extent on the page
stops at titles, "单位：万元" / "公开02表" preambles and page furniture, which stay prose.

Settings (word gaps, line tolerance, how far a wrapped line may sit from its row) are data in
reference/pdf_reader.yaml.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from statistics import median

import pypdfium2 as pdfium

from pipelines.normalize.amounts import is_decimal_amount, parse_amount
from pipelines.normalize.header import is_data_row, is_numbering_row
from pipelines.read.glyphs import TextLine, Word, WordBox, page_chars, spaced, text_lines
from pipelines.read.pages import Region
from pipelines.read.watermarks import is_watermark
from pipelines.reference import load_yaml

ENGINE = "pdfium-words"
_CENTRED = 0.8  # a wrapped label above its numbers ends less than this × the body's row pitch above them
_SAME_ROW = 0.4  # a header cell centred higher than this × font size above a row of sub-headers spans rows
_WRAP_ROOM = 1.2  # a label wraps only when less room than this × its em was left in its column
_ALIGNED = 0.2  # two header lines whose centres (or left edges) differ less × font size are one cell


@dataclass(frozen=True)
class BorderlessSettings:
    word_gap: float  # a horizontal gap wider than this × font size ends a word
    line_tolerance: float  # words whose centres differ by less than this × font size share a line
    column_gap: float  # body columns closer than this × font size are one column
    join_distance: float  # a wrapped line joins a numbered line at most this × font size away
    block_gap: float  # a vertical gap wider than this × font size ends a table
    max_header_lines: int
    header_gap: float  # a header line at most this × font size above the next table line
    min_numbers: int  # numbers (one with decimals at least) on lines holding more before a block is a table
    empty_marks: frozenset[str]
    boundary: re.Pattern  # lines that are never table rows (preambles, notes)
    row_start: re.Pattern  # a text line that opens a row of its own
    unit_after: re.Pattern  # a word after a number that makes it prose ("万元", "%")

    @classmethod
    def load(cls) -> BorderlessSettings:
        raw = load_yaml("pdf_reader.yaml")["borderless"]
        return cls(
            raw["word_gap"], raw["line_tolerance"], raw["column_gap"], raw["join_distance"], raw["block_gap"],
            raw["max_header_lines"], raw["header_gap"], raw["min_numbers"], frozenset(raw["empty_marks"]),
            re.compile("|".join(raw["boundary_patterns"])), re.compile("|".join(raw["row_start_patterns"])),
            re.compile(raw["unit_after_pattern"]),
        )


@dataclass
class _Row:
    center: float
    words: list[Word] = field(default_factory=list)


class BorderlessReader:
    def __init__(self, settings: BorderlessSettings | None = None):
        self.settings = settings or BorderlessSettings.load()

    def is_anchor(self, word: Word, following: Word | None) -> bool:
        """A number standing alone as a cell: prose names the unit after it ("1,527.08 万元")."""
        if word.text in self.settings.empty_marks:
            return True
        return parse_amount(word.text) is not None and not (following and self.settings.unit_after.match(following.text))

    def tables(self, page: pdfium.PdfPage) -> list[Region]:
        """The borderless tables on a page, top to bottom."""
        settings = self.settings
        # a watermark line ("仅供内部审核") printed between rows is no label to share out
        lines = [line for line in text_lines(page_chars(page), settings.line_tolerance, settings.word_gap)
                 if not is_watermark(line.text)]
        previous = None
        for line in lines:
            if settings.boundary.search(re.sub(r"\s+", "", line.text)) or _wraps_preamble(previous, line):
                line.kind = "boundary"
            elif anchors := [w for w, after in zip(line.words, line.words[1:] + [None]) if self.is_anchor(w, after)]:
                line.kind = "anchor"
                line.decimal = any(is_decimal_amount(word.text) for word in anchors)
                line.anchors = len(anchors)
            else:
                line.kind = "text"
            previous = line
        regions, block = [], []
        for line in lines + [TextLine([], 0.0, "boundary")]:
            far = block and line.words and block[-1].bottom - line.top > settings.block_gap * line.words[0].size
            if line.kind != "boundary" and not far:
                block.append(line)
                continue
            numbers = sum(c.anchors for c in block if len(c.words) > 1)
            # a table of counts has no decimal amount: two lines or more pairing labels with numbers
            # ("公务用车保有量（辆） 3"), unlike a table of contents (one page number a line)
            counts = sum(1 for c in block if c.kind == "anchor" and c.anchors >= 2 and c.anchors < len(c.words))
            if (any(c.decimal for c in block) or counts >= 2) and numbers >= settings.min_numbers:
                region = self._table(block)
                if region is not None:
                    regions.append(region)
            block = [line] if line.kind != "boundary" else []
        return regions

    def _table(self, block: list[TextLine]) -> Region | None:
        settings = self.settings
        size = median(word.size for line in block for word in line.words)
        start = next((i for i, line in enumerate(block) if is_data_row(tuple(w.text for w in line.words))), None)
        if start is None:
            return None
        end = max(i for i, line in enumerate(block) if line.kind == "anchor")
        header: list[TextLine] = []
        for line in reversed(block[max(0, start - settings.max_header_lines):start]):
            below = header[-1] if header else block[start]
            if line.bottom - below.top > settings.header_gap * size:
                break
            header.append(line)
        header.reverse()
        body = block[start:end + 1]
        for line in block[end + 1:]:  # a label wrapped below the last numbered row
            if line.kind != "text" or body[-1].bottom - line.top > settings.join_distance * size:
                break
            body.append(line)
        # dashes for "no value" are centred where amounts are right-aligned: they place no column
        columns = _columns([w for line in body for w in line.words if w.text not in settings.empty_marks],
                           settings.column_gap * size)
        rows = self._header_rows(header, columns) + self._body_rows(body, columns, size)
        lines = header + body
        top = max(line.top for line in lines)
        bottom = min(line.bottom for line in lines)
        return Region(top, bottom, columns[0][0], columns[-1][1], rows, ENGINE)

    def _header_rows(self, header: list[TextLine], columns: list[list[float]]) -> list[list[str]]:
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
            rows.append([_join(own.get(index, [])) for index in range(width)])
        for line in numbering:
            row = [""] * width
            for word in line.words:
                row[_column_of(word, columns)] += word.text
            rows.append(row)
        return rows

    def _body_rows(self, body: list[TextLine], columns: list[list[float]], size: float) -> list[list[str]]:
        """Numbered lines are rows; the text lines between two of them (labels wrapped in their
        cells) are shared out.

        A text line that opens a row ("其中：", "（一）…", a code) starts a label that runs until
        the next such line; the last one joins the numbered line below it when that line's label
        cells are empty or continue a label and the label ends closer to it than the body's usual
        row pitch (a label centred on its row wraps above and below the numbers); the others are
        rows of their own. Lines before the first of them continue the
        row above. Without such a line each text line joins the nearer numbered line. A line
        further than `join_distance` from the line it would join through stays a row of its own."""
        reach = self.settings.join_distance * size
        starts = [line for line in body if line.kind == "anchor" or self.settings.row_start.match(line.words[0].text)]
        gaps = [a.center - b.center for a, b in itertools.pairwise(starts)]
        pitch = median(gaps) if gaps else reach  # the usual distance between the first lines of two rows
        edges: dict[int, float] = {}  # per column, the right edge of the body's widest text
        for word in (w for line in body for w in line.words):
            column = _column_of(word, columns)
            edges[column] = max(edges.get(column, word.right), word.right)
        rows: list[_Row] = []
        pending: list[TextLine] = []
        for line in body + [None]:
            if line is not None and line.kind != "anchor":
                pending.append(line)
                continue
            above = rows[-1] if rows else None
            below = _Row(line.center, list(line.words)) if line is not None else None
            self._share(pending, above, below, rows, columns, edges, reach, pitch)
            if below is not None:
                rows.append(below)
            pending = []
        rows.sort(key=lambda row: -row.center)
        out = []
        for row in rows:
            cells: dict[int, list[Word]] = {}
            for word in row.words:
                cells.setdefault(_column_of(word, columns), []).append(word)
            out.append([_join(cells.get(index, [])) for index in range(len(columns))])
        return out

    def _fits(self, label: list[TextLine], below: _Row | None, columns: list[list[float]]) -> bool:
        """Whether a label can be the top of the row below: that row's cells in its columns do not
        start a label of their own."""
        wanted = {_column_of(word, columns) for line in label for word in line.words}
        return below is not None and not any(
            _column_of(w, columns) in wanted and self.settings.row_start.match(w.text) for w in below.words)

    def _share(self, lines: list[TextLine], above: _Row | None, below: _Row | None, rows: list[_Row],
               columns: list[list[float]], edges: dict[int, float], reach: float, pitch: float) -> None:
        """Give the text lines between two numbered rows to them, or make rows of their own."""
        if not lines:
            return
        starts = [i for i, line in enumerate(lines) if self.settings.row_start.match(line.words[0].text)]
        if starts:
            head, labels = lines[:starts[0]], [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
        else:  # each line to the nearer row; ties to the row above
            if below is None:
                split = len(lines)
            elif above is None:
                split = 0
            else:
                split = sum(1 for line in lines if above.center - line.center <= line.center - below.center)
                # nearer the row below, but that row has a label of its own: the lines are the
                # rest of a label above wrapped over more lines than it has numbers for
                if split < len(lines) and not self._fits(lines[split:], below, columns) and _wraps_below(
                        above.words + [w for line in lines[:split] for w in line.words], lines[split:], columns, edges):
                    split = len(lines)
            head, labels = lines[:split], [lines[split:]] if split < len(lines) else []
        # lines below a label that had room left in its cell are rows whose cells are empty
        # ("上年结转结余" under "本年收入合计"), not the label wrapped
        if head and above is not None and not _wraps_below(above.words, head, columns, edges):
            rows.append(_Row(head[0].center, [w for line in head for w in line.words]))
        else:
            _attach_chain(head, above, rows, reach, upward=True)
        for index, label in enumerate(labels):
            last = index == len(labels) - 1
            fits = self._fits(label, below, columns)
            # a label centred on the numbers below it ends closer to them than a row's pitch
            close = below is not None and label[-1].center - below.center < _CENTRED * pitch
            if last and fits and close:
                _attach_chain(label, below, rows, reach, upward=False)
            else:
                rows.append(_Row(label[0].center, [w for line in label for w in line.words]))


def _wraps_below(upper: list[Word], lines: list[TextLine], columns: list[list[float]], edges: dict[int, float]) -> bool:
    """Whether `lines` can be the labels of `upper` wrapped in their cells: in each column a line
    has words in, the line above it has a label that reaches to less than a character (1.2 em)
    from the furthest any body text reaches in that column (`edges`), so the next character had
    to go below."""
    above = list(upper)
    for line in lines:
        for column in {_column_of(word, columns) for word in line.words}:
            mine = [w for w in above if _column_of(w, columns) == column]
            if not mine:
                return False
            lowest = min(w.center for w in mine)
            last = [w for w in mine if abs(w.center - lowest) < w.size / 2]
            if edges[column] - max(w.right for w in last) > _WRAP_ROOM * max(w.size for w in last):
                return False
        above = list(line.words)
    return True


def _attach_chain(lines: list[TextLine], row: _Row | None, rows: list[_Row], reach: float, upward: bool) -> bool:
    """Join lines to a row when each is within reach of the next one towards it; otherwise the
    lines become one row of their own. True when they joined the row."""
    if not lines:
        return True
    centres = [line.center for line in lines]
    chain = ([row.center] + centres) if (row is not None and upward) else (centres + ([row.center] if row else []))
    if row is not None and all(abs(a - b) <= reach for a, b in itertools.pairwise(chain)):
        row.words.extend(w for line in lines for w in line.words)
        return True
    rows.append(_Row(lines[0].center, [w for line in lines for w in line.words]))
    return False


def _wraps_preamble(previous: TextLine | None, line: TextLine) -> bool:
    """A single word right below a preamble line and aligned with it ("单位：万" / "元")."""
    if previous is None or previous.kind != "boundary" or len(previous.words) != 1 or len(line.words) != 1:
        return False
    above, word = previous.words[0], line.words[0]
    return 0 <= above.bottom - word.top < word.size and abs(above.left - word.left) < 0.2 * word.size


def _overlapping(word: Word | _Cell, columns: list[list[float]]) -> list[int]:
    return [i for i, (left, right) in enumerate(columns) if word.left < right and word.right > left]


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
        over = _overlapping(word, columns)
        if len(over) > 1:
            continue
        if not over:
            middle = (word.left + word.right) / 2
            bounds = _cell_bounds(columns)
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


def _cell_bounds(columns: list[list[float]]) -> list[tuple[float, float]]:
    """Each column's cell edges, estimated halfway across the gaps between columns."""
    edges = [float("-inf")] + [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(columns)] + [float("inf")]
    return list(itertools.pairwise(edges))


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
        return _join(self.words)


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
        return _overlapping(cell, columns) or [_column_of(cell, columns)]

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


def _column_of(word: Word | _Cell, columns: list[list[float]]) -> int:
    """The leftmost column a word touches, else the nearest one."""
    over = _overlapping(word, columns)
    if over:
        return over[0]
    return min(range(len(columns)), key=lambda i: min(abs(word.left - columns[i][1]), abs(word.right - columns[i][0])))


def _columns(words: list[Word], min_gap: float) -> list[list[float]]:
    """x-ranges covered by the words, merged where less than min_gap apart."""
    columns: list[list[float]] = []
    for word in sorted(words, key=lambda w: w.left):
        if columns and word.left < columns[-1][1] + min_gap:
            columns[-1][1] = max(columns[-1][1], word.right)
        else:
            columns.append([word.left, word.right])
    return columns


def _join(words: list[Word]) -> str:
    """A cell's words: top line first; words on one line joined by a space, lines without one."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (-w.center, w.left)):
        if lines and abs(lines[-1][0].center - word.center) < word.size / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return "".join(spaced(sorted(line, key=lambda w: w.left)) for line in lines)
