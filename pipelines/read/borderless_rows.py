"""Body lines of a borderless table → rows: each numbered line is a row, and the text lines
between them (labels wrapped in their cells) join a numbered row or stand as rows of their own
(pipelines.read.borderless)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING

from pipelines.read.borderless_columns import column_of, join_words
from pipelines.read.glyphs import TextLine, Word

if TYPE_CHECKING:
    from pipelines.read.borderless import BorderlessSettings

_CENTRED = 0.8  # a wrapped label above its numbers ends less than this × the body's row pitch above them
_WRAP_ROOM = 1.2  # a label wraps only when less room than this × its em was left in its column


@dataclass
class _Row:
    center: float
    words: list[Word] = field(default_factory=list)


def body_rows(body: list[TextLine], columns: list[list[float]], size: float, settings: BorderlessSettings) -> list[list[str]]:
    """Numbered lines are rows; the text lines between two of them (labels wrapped in their
    cells) are shared out.

    A text line that opens a row ("其中：", "（一）…", a code) starts a label that runs until
    the next such line; the last one joins the numbered line below it when that line's label
    cells are empty or continue a label and the label ends closer to it than the body's usual
    row pitch (a label centred on its row wraps above and below the numbers); the others are
    rows of their own. Lines before the first of them continue the
    row above. Without such a line each text line joins the nearer numbered line. A line
    further than `join_distance` from the line it would join through stays a row of its own."""
    reach = settings.join_distance * size
    starts = [line for line in body if line.kind == "anchor" or settings.row_start.match(line.words[0].text)]
    gaps = [a.center - b.center for a, b in itertools.pairwise(starts)]
    pitch = median(gaps) if gaps else reach  # the usual distance between the first lines of two rows
    edges: dict[int, float] = {}  # per column, the right edge of the body's widest text
    for word in (w for line in body for w in line.words):
        column = column_of(word, columns)
        edges[column] = max(edges.get(column, word.right), word.right)
    rows: list[_Row] = []
    pending: list[TextLine] = []
    for line in body + [None]:
        if line is not None and line.kind != "anchor":
            pending.append(line)
            continue
        above = rows[-1] if rows else None
        below = _Row(line.center, list(line.words)) if line is not None else None
        _share(settings, pending, above, below, rows, columns, edges, reach, pitch)
        if below is not None:
            rows.append(below)
        pending = []
    rows.sort(key=lambda row: -row.center)
    out = []
    for row in rows:
        cells: dict[int, list[Word]] = {}
        for word in row.words:
            cells.setdefault(column_of(word, columns), []).append(word)
        out.append([join_words(cells.get(index, [])) for index in range(len(columns))])
    return out

def _fits(settings: BorderlessSettings, label: list[TextLine], below: _Row | None, columns: list[list[float]]) -> bool:
    """Whether a label can be the top of the row below: that row's cells in its columns do not
    start a label of their own."""
    wanted = {column_of(word, columns) for line in label for word in line.words}
    return below is not None and not any(
        column_of(w, columns) in wanted and settings.row_start.match(w.text) for w in below.words)

def _share(settings: BorderlessSettings, lines: list[TextLine], above: _Row | None, below: _Row | None, rows: list[_Row],
           columns: list[list[float]], edges: dict[int, float], reach: float, pitch: float) -> None:
    """Give the text lines between two numbered rows to them, or make rows of their own."""
    if not lines:
        return
    starts = [i for i, line in enumerate(lines) if settings.row_start.match(line.words[0].text)]
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
            if split < len(lines) and not _fits(settings, lines[split:], below, columns) and _wraps_below(
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
        fits = _fits(settings, label, below, columns)
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
        for column in {column_of(word, columns) for word in line.words}:
            mine = [w for w in above if column_of(w, columns) == column]
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
