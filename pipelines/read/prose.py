"""The prose of a PDF page: its text outside the table areas, in bands between the tables.

pdfium breaks the text into lines (its spaces and breaks kept); a band holds the characters whose
box centre lies in it, and its lines are read top to bottom as printed, not in the order the PDF
draws them.
"""

from __future__ import annotations

import ctypes
import math
from functools import cmp_to_key

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.read.glyphs import hidden_chars
from pipelines.read.pages import Region
from pipelines.read.prose_order import is_space, pen, printed_text

def prose_bands(page: pdfium.PdfPage, height: float, width: float, tables: list[Region], engine: str,
                hide_clipped: bool = True) -> list[Region]:
    """The page's text outside the table areas, one region per band between tables. With
    `hide_clipped`, characters their clipping hides (glyphs.clipped_away: drawn above or below the
    clip path their text is drawn through) are not read: pdfium's text holds them, the page does
    not show them (beijing-jxj-tables p67: a project code cut off at the page's last table row)."""
    chars = _text_chars(page, hide_clipped)
    bands, top = [], height
    for table in sorted(tables, key=lambda region: -region.top):
        bands.append((top, table.top))
        top = table.bottom
    bands.append((top, 0.0))
    regions = []
    for upper, lower in bands:
        if upper - lower < 1:
            continue
        inside = [char for char in chars if char[0] in _BREAKS or lower + 0.5 < (char[1] + char[2]) / 2 < upper - 0.5]
        if lines := _prose_lines(inside):
            regions.append(Region(upper, lower, 0.0, width, [[line] for line in lines], engine))
    return regions


_BREAKS = (0x0A, 0x0D)
_SPACES = (0x20, 0x3000)  # prose_order.SPACES


def _text_chars(page: pdfium.PdfPage, hide_clipped: bool) -> list[tuple]:
    """pdfium's characters in its order (its generated spaces and line breaks too) with the top,
    bottom, left and right of their boxes, then the left and right of the advance their glyph
    takes (pdfium's loose box: where the pen went, prose_order); with `hide_clipped`, not those
    their clipping hides."""
    textpage = page.get_textpage()  # kept referenced: pdfium closes it when it is collected
    raw = textpage.raw
    hidden = hidden_chars(raw, page) if hide_clipped else set()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pen = pdfium_c.FS_RECTF()
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in _BREAKS:
            chars.append((code, 0.0, 0.0, 0.0, 0.0))
        elif index in hidden:
            continue
        elif pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, pen)
            chars.append((code, top.value, bottom.value, left.value, right.value, pen.left, pen.right))
    return chars


def _prose_lines(chars: list[tuple[int, float, float, float, float]]) -> list[str]:
    """Text lines as pdfium breaks them, top line first: a line drawn after the ones below it
    ("单位：万元" drawn before the title above it) is moved up to where it is printed; lines
    beside each other keep pdfium's order, and a line pdfium breaks between two characters drawn
    side by side on one row is mended (_same_line). A line: (text, top, bottom, left, right, where
    the pen starts, where it ends)."""
    lines: list[tuple[str, float, float, float, float, float, float]] = []
    drawn, high, low, left, right, start, end = [], -math.inf, math.inf, math.inf, -math.inf, math.inf, -math.inf
    for char in chars + [(0x0A, 0.0, 0.0, 0.0, 0.0)]:
        code, top, bottom, x0, x1 = char[:5]
        if code in _BREAKS:
            text = printed_text(drawn).strip()
            if text and high > low:
                line = (text, high, low, left, right, start, end)
                lines[-1:] = [_joined(lines[-1], line)] if lines and _same_line(lines[-1], line) else lines[-1:] + [line]
            drawn, high, low, left, right, start, end = [], -math.inf, math.inf, math.inf, -math.inf, math.inf, -math.inf
            continue
        drawn.append(char)
        if code not in _SPACES:
            high, low, left, right = max(high, top), min(low, bottom), min(left, x0), max(right, x1)
            start, end = min(start, pen(char)[0]), max(end, pen(char)[1])

    def order(a: tuple, b: tuple) -> int:
        if a[2] >= b[1]:  # a entirely above b
            return -1
        return 1 if b[2] >= a[1] else 0

    return [line[0] for line in sorted(lines, key=cmp_to_key(order))]


_ROW_OVERLAP = 0.6  # two lines share a row when their heights overlap by this share of the lower one
_TOUCHING = 1.0  # … and the second starts within this share of the taller one's height after the first ends


def _same_line(a: tuple, b: tuple) -> bool:
    """Whether pdfium's line b continues line a on the same printed row, at most an em after it:
    pdfium breaks a line where the font changes when the page is drawn turned (a converter that
    applied /Rotate, pdftocairo): "“三公" | "”经费…", "公开 09" | "表"."""
    overlap = min(a[1], b[1]) - max(a[2], b[2])
    low, high = sorted((a[1] - a[2], b[1] - b[2]))  # a line of one "一" is a sliver in pdfium's boxes
    return overlap >= _ROW_OVERLAP * low and -_TOUCHING * high <= b[3] - a[4] <= _TOUCHING * high


def _joined(a: tuple, b: tuple) -> tuple:
    """a and b as one line, a space between where the pen left a gap (prose_order.is_space)."""
    space = " " if is_space(a[6], b[5], a[1] - a[2], b[1] - b[2]) else ""
    return (a[0] + space + b[0], max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]), max(a[4], b[4]),
            min(a[5], b[5]), max(a[6], b[6]))
