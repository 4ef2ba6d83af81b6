"""The text of a ruled table's cells, placed by where pdfium draws each glyph.

camelot finds a ruled table's grid from the vector lines and fills its cells from pdfminer's
characters. pdfminer sizes a character's box from its font's declared ascent and descent, and
some fonts declare them wrongly (chongqing-swj-2026-budget.pdf p15: the amounts' font puts every
box 11 pt below the printed glyph, so each amount lands in the row under its label); it also
orders a cell's text by the top of each text line, so punctuation drawn in another font comes
after the words ("(一)一般公共预算资金" read as "一一般公共预算资金()"). The grid is kept; each
character goes to the cell holding the centre of its em box around the baseline (pipelines.read
.glyphs.page_chars), and a cell's characters are read top line first, left to right. The native
reader (pipelines.read.lattice) places a glyph drawn through a clipping by the part of it that
shows instead (placed_rows' `clip_margin`): spreadsheet printers clip each cell's text to the cell.

The refill is used only when it holds every character of camelot's text (it may hold more:
camelot drops a text line that pdfminer ran across a cell border, "99,320.55 (" on the same
page): anything else (a "(cid:N)" glyph pdfminer cannot map, a page whose coordinates
the two libraries place differently) keeps camelot's reading.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from pipelines.read.glyphs import Word, clipped_away, spaced, text_lines

_LINE_TOLERANCE = 0.35  # characters whose centres differ less than this × font size share a line
_WORD_GAP = 0.5  # characters further apart than this × font size are two words
# A clipping narrower (or lower) than this (pt) shows nothing of its glyph: pdftocairo clips each
# glyph to the part its cell shows, and a glyph of a label running on under the next cell gets a
# clipping of 0.04 pt on the far side of the rule (shaanxi-xakjj p48 "…养老保险" printed again:
# "险" | "50102" became "险50102"). Such a glyph is not on the page.
_NOTHING_SHOWN = 0.5


def grid_rows(chars: list[Word], rows: list[tuple[float, float]], cols: list[tuple[float, float]],
              edges: list[list[tuple[bool, bool]]] | None = None) -> list[list[str]]:
    """The grid's cells (rows top to bottom as (top, bottom), columns as (left, right)) filled
    with the characters whose centre they hold. `edges` tells per cell whether a rule is drawn on
    its left and on its top: a character in a merged cell goes to the merged cell's top left grid
    cell, where camelot puts it (shift_text "l" then "t")."""
    return placed_rows(chars, rows, cols, edges)[0]


def placed_rows(chars: list[Word], rows: list[tuple[float, float]], cols: list[tuple[float, float]],
                edges: list[list[tuple[bool, bool]]] | None = None,
                clip_margin: float | None = None) -> tuple[list[list[str]], int, int]:
    """grid_rows, and how many characters the grid holds and how many of them a drawn rule between
    two columns runs through (more than a quarter of the glyph on each side of it).

    With `clip_margin` (pt), a character drawn through a clipping (Word.clip), as a spreadsheet
    printer clips each cell's text to the cell, is placed by its clipping. Across: its centre is
    moved inside the clipping, at least `clip_margin` from its edges (a cell's clipping can reach
    a rule's width past the rule), so a label longer than its cell, drawn on unseen under the
    next cell, stays whole in its own cell instead of being glued to the number printed there.
    Up and down: a character whose centre is above or below its clipping is not on the page (a
    cell broken across two pages is drawn whole on both, each showing its own part; text longer
    than its cell's height is cut off), and is left out instead of joining the row next to it."""
    placed: dict[tuple[int, int], list[Word]] = {}
    lows = [-bottom for _, bottom in rows]  # rising, for bisect
    lefts = [left for left, _ in cols]
    held = across = 0
    for char in chars:
        left, right, middle, center = char.left, char.right, (char.left + char.right) / 2, char.center
        if clip_margin is not None and char.clip:
            x0, y0, x1, y1 = char.clip
            if clipped_away(center, char.clip) or min(x1 - x0, y1 - y0) < _NOTHING_SHOWN:
                continue  # above or below its cell, or a sliver of it: shown on no line of this page
            middle = _inside(middle, x0, x1, clip_margin)
            left, right = min(max(left, x0), middle), max(min(right, x1), middle)  # the part that shows
        row = bisect_left(lows, -center)  # the top row whose bottom is at or under the centre
        col = bisect_right(lefts, middle) - 1
        if not (0 <= row < len(rows) and rows[row][1] <= center < rows[row][0]):
            continue
        if not (0 <= col < len(cols) and middle < cols[col][1]):
            continue
        held += 1
        if edges:
            margin = (right - left) / 4
            across += (col > 0 and left + margin < lefts[col] and edges[row][col][0]) or (
                col + 1 < len(cols) and right - margin > lefts[col + 1] and edges[row][col + 1][0])
        while edges and col > 0 and not edges[row][col][0]:
            col -= 1
        while edges and row > 0 and not edges[row][col][1]:
            row -= 1
        placed.setdefault((row, col), []).append(char)
    cells = [[_cell_text(placed.get((i, j), [])) for j in range(len(cols))] for i in range(len(rows))]
    return cells, held, across


def _inside(value: float, low: float, high: float, margin: float) -> float:
    margin = min(margin, (high - low) / 2)
    return min(max(value, low + margin), high - margin)


def _cell_text(chars: list[Word]) -> str:
    if not chars:
        return ""
    return "".join(spaced(line.words) for line in text_lines(chars, _LINE_TOLERANCE, _WORD_GAP))


def keeps_every_character(ours: list[list[str]], theirs: list[list[str]]) -> bool:
    """Whether our reading of a table holds every printed character of camelot's (whitespace
    aside): it may hold more (camelot drops a line it cannot split across the grid's cells)."""
    def count(rows: list[list[str]]) -> Counter:
        return Counter(ch for row in rows for cell in row for ch in re.sub(r"\s", "", cell))
    return not (count(theirs) - count(ours))
