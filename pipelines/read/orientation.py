"""Pages turned so that their text reads left to right, whatever way their producer stored them.

A landscape table reaches us in three ways: a landscape page (upright); a portrait page whose
content is drawn turned a quarter, shown upright by the page's /Rotate (Acrobat Distiller,
jiangsu-rendaban-tables-2019); or a page printed again by a converter that applies /Rotate itself
(poppler's cairo backend, some OFD→PDF tools, print drivers), whose content is drawn turned on a
page of the shown size with no /Rotate at all. And a publisher may give an upright page a /Rotate
it does not need. /Rotate therefore says nothing sure about the text: the direction the page's
characters run in says it all. Each page's turn is the quarter turn most of its characters are
drawn at (pdfium's character angle; glyphs at another angle, a diagonal watermark, do not vote);
a page without text (a scan) is taken as its /Rotate shows it. The readers (borderless words,
ruled grids, prose, camelot, OCR) all work on upright pages.
"""

from __future__ import annotations

import math
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_SAMPLE = 64  # characters looked at per page, spread over it (a page's turn is a vote, not a census)
_SLANT = 10.0  # degrees: a character further than this from a quarter turn does not vote
_BLANKS = {0x20, 0x3000, 0x0D, 0x0A, 0xA0, 0x09}


def text_turn(page: pdfium.PdfPage) -> int | None:
    """The quarter turn (0, 90, 180 or 270 degrees anticlockwise, in the page's own space, /Rotate
    aside) most of the page's characters are drawn at; None on a page without text."""
    textpage = page.get_textpage()
    try:
        return chars_turn(textpage.raw)
    finally:
        textpage.close()


def chars_turn(raw) -> int | None:
    """text_turn of a pdfium text page (raw handle): a vote of characters spread over the page."""
    count = pdfium_c.FPDFText_CountChars(raw)
    votes: Counter = Counter()
    for index in range(0, count, max(1, count // _SAMPLE)):
        if pdfium_c.FPDFText_GetUnicode(raw, index) in _BLANKS or pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index)
        if angle < 0:  # pdfium's error value
            continue
        clockwise = math.degrees(angle)
        quarter = round(clockwise / 90)
        if abs(clockwise - quarter * 90) <= _SLANT:
            votes[(-quarter * 90) % 360] += 1
    return votes.most_common(1)[0][0] if votes else None


def page_turn(page: pdfium.PdfPage, turn: int | None) -> tuple[int, int]:
    """(the page's /Rotate, the turn to undo): its text's turn, or on a page without text (a scan)
    the /Rotate that shows it upright."""
    shown = page.get_rotation() % 360
    return shown, shown if turn is None else turn


def _turning(turn: int, x0: float, y0: float, width: float, height: float) -> pdfium.PdfMatrix:
    """The matrix that draws a page's content (media box at x0, y0, width × height) turned `turn`
    degrees clockwise on a page whose lower left corner is 0, 0."""
    a, b, c, d, e, f = {0: (1, 0, 0, 1, 0, 0), 90: (0, -1, 1, 0, 0, width),
                        180: (-1, 0, 0, -1, width, height), 270: (0, 1, -1, 0, height, 0)}[turn]
    # first the media box's corner to 0, 0, then the quarter turns within width × height
    return pdfium.PdfMatrix(a, b, c, d, e - a * x0 - c * y0, f - b * x0 - d * y0)


def upright(document: pdfium.PdfDocument, turns: list[tuple[int, int]] | None = None) -> pdfium.PdfDocument | None:
    """A copy whose pages are redrawn with their text upright, or None when every page already is
    and none has a /Rotate. `turns`: each page's page_turn, when the caller has them. A turned page
    becomes a form XObject of itself (its /Rotate cleared first) turned on a page of the upright
    size; its content is not regenerated (pdfium cannot regenerate every embedded font's text).
    The document's pages lose their /Rotate."""
    if turns is None:
        turns = [page_turn(document[index], text_turn(document[index])) for index in range(len(document))]
    if all(turn == (0, 0) for turn in turns):
        return None
    copy = pdfium.PdfDocument.new()
    for index, (shown, turn) in enumerate(turns):
        page = document[index]
        if shown:
            page.set_rotation(0)
        if turn == 0:
            copy.import_pages(document, [index])
            continue
        x0, y0, x1, y1 = page.get_mediabox()
        width, height = x1 - x0, y1 - y0
        upright_page = copy.new_page(*((height, width) if turn in (90, 270) else (width, height)))
        form = document.page_as_xobject(index, copy).as_pageobject()
        form.transform(_turning(turn, x0, y0, width, height))
        upright_page.insert_obj(form)
        upright_page.gen_content()
    return copy
