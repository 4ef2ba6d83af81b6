"""The text of one printed line in the order it is printed, when pdfium's order contradicts it.

pdfium gives a line's characters in the order the content stream draws them. A producer may draw
a line's glyphs right to left: poppler's cairo backend (pdftocairo -pdf) redraws shaanxi-xakjj's
narrative in runs of a few glyphs, each run drawn from its last character back to its first, and
pdfium reads "负⑻ 境（国进引责 …" for "⑻负责引进国（境…" (p5), ")二( 机构设置情况" for
"（二）机构设置情况". A line is read by position along the row only when one of its runs (glyphs
drawn one after the other, each touching the one before on the row) is drawn more right to left
than left to right; any other line keeps pdfium's text exactly, its spaces and order: a
superscript, two columns side by side, text drawn twice for bold (each copy left to right, the
second starting where the first began) stay as read.
"""

from __future__ import annotations

SPACES = (0x20, 0x3000)
_ROW_OVERLAP = 0.5  # two glyphs share a row when their heights overlap by this share of the lower one
_TOUCH = 0.3  # two glyphs touch when the pen's gap between them is at most this share of their height
_SPACE = 0.16  # a wider gap of the pen, in glyph heights, is a space (pdfium puts one there on the 32 real PDFs)
_SAME = 0.3  # a glyph repeated within this share of its advance of the one before is drawn twice (bold)


def printed_text(chars: list[tuple]) -> str:
    """The text of pdfium's line `chars` ((code, top, bottom, left, right[, pen left, pen right]),
    spaces included): as pdfium gives it, or, when the line is drawn right to left, its glyphs by
    their position along the row, a space where the pen's gap between two is wide (pdfium's own
    spaces are where the drawing order jumped, not where the page shows a gap)."""
    glyphs = [char for char in chars if char[0] not in SPACES]
    if not _drawn_backwards(glyphs):
        return "".join(chr(char[0]) for char in chars)
    text, before = [], None
    for glyph in sorted(glyphs, key=lambda char: sum(pen(char))):
        if before is not None:
            (start, end), (left, _) = pen(before), pen(glyph)
            if glyph[0] == before[0] and abs(left - start) <= _SAME * max(end - start, 1e-6):
                continue  # the same glyph drawn again a hair aside: bold
            if is_space(end, left, _height(before), _height(glyph)):
                text.append(" ")
        text.append(chr(glyph[0]))
        before = glyph
    return "".join(text)


def _drawn_backwards(glyphs: list[tuple]) -> bool:
    """Whether one of the line's runs (glyphs drawn one after the other, each touching the one
    before on its row) has more of its glyphs drawn just left of the one before than just right."""
    forward = backward = 0
    for a, b in zip(glyphs, glyphs[1:]):
        step = _step(a, b)
        if step == 0:  # the run ends
            if backward > forward:
                return True
            forward = backward = 0
        forward, backward = forward + (step > 0), backward + (step < 0)
    return backward > forward


def _step(a: tuple, b: tuple) -> int:
    """1 when glyph b, drawn after a, touches it on its right on the row, -1 on its left, else 0."""
    low, high = sorted((_height(a), _height(b)))
    if high <= 0 or min(a[1], b[1]) - max(a[2], b[2]) < _ROW_OVERLAP * low:
        return 0
    (a_left, a_right), (b_left, b_right) = pen(a), pen(b)
    if abs(b_left - a_right) <= _TOUCH * high and b_left + b_right > a_left + a_right:
        return 1
    if abs(a_left - b_right) <= _TOUCH * high and b_left + b_right < a_left + a_right:
        return -1
    return 0


def is_space(end: float, start: float, *heights: float) -> bool:
    """Whether the pen's gap from `end` to `start` on a row of glyphs of these heights is a space."""
    return start - end > _SPACE * max(heights)


def pen(char: tuple) -> tuple[float, float]:
    """Where the glyph's advance starts and ends along the row (its box when that is not known)."""
    return (char[5], char[6]) if len(char) > 6 else (char[3], char[4])


def _height(char: tuple) -> float:
    return char[1] - char[2]
