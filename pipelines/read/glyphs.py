"""Word and line geometry from pdfium's characters, shared by the readers that place text by
position: borderless tables (pipelines.read.borderless), ruled grids' cells (pipelines.read.grid_text,
pipelines.read.lattice).

A character is a box (its advance horizontally, the em around its baseline vertically) with its
text and printed size; characters group into words and lines by position alone, since the order a
PDF draws its characters in is not the reading order.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_BLANKS = {0x20, 0x3000, 0x0D, 0x0A, 0xA0, 0x09}


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    size: float  # the printed font size (em): font size × the text matrix's scale
    # (left, bottom, right, top) of the clipping its text object is drawn through, when asked for
    # (page_chars(clips=True)) and the page clips it: the part of the page where it can show
    clip: tuple[float, float, float, float] | None = None

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2


class WordBox:
    """The box around a group of words (a line, a header cell)."""

    words: list[Word]

    @property
    def left(self) -> float:
        return min(w.left for w in self.words)

    @property
    def right(self) -> float:
        return max(w.right for w in self.words)

    @property
    def top(self) -> float:
        return max(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return min(w.bottom for w in self.words)


@dataclass
class TextLine(WordBox):
    words: list[Word]
    center: float
    kind: str = ""  # boundary | anchor | text, set by the table finder
    decimal: bool = False
    anchors: int = 0  # number words standing alone

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def page_chars(page: pdfium.PdfPage, origin: tuple[float, float] = (0.0, 0.0), clips: bool = False) -> list[Word]:
    """Every printed character of an upright page (pdfium's generated spaces and breaks dropped;
    pipelines.read.pdf turns pages shown through /Rotate upright first).

    A character's box spans its advance (pdfium's loose box; its tight box where pdfium returns a
    loose box elsewhere, as it does for some glyphs) and the em box around its
    baseline, the em being the font size scaled by the text matrix (printers draw "12 pt" at 9).
    Loose boxes are not used vertically: pdfium makes some glyphs' ("一") a sliver. Coordinates
    are the page's less `origin` (the media box's lower left corner gives pdfminer's, camelot's).
    With `clips`, each character carries the box of the clipping it is drawn through (_clip_box)."""
    dx, dy = origin
    textpage = page.get_textpage()
    raw = textpage.raw
    geometry, clip_of = CharGeometry(raw), ClipFinder(raw, page) if clips else None
    unicode, generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = unicode(raw, index)
        if code in _BLANKS or generated(raw, index):
            continue
        x0, x1, baseline, size = geometry(index)
        clip = clip_of(index, (x0 + x1) / 2, baseline, size) if clip_of else None
        if clip:
            clip = (clip[0] - dx, clip[1] - dy, clip[2] - dx, clip[3] - dy)
        chars.append(Word(chr(code), x0 - dx, x1 - dx, baseline - 0.12 * size - dy,
                          baseline + 0.88 * size - dy, size, clip))
    return chars


class CharGeometry:
    """A character of a text page as page_chars sees it: (left, right, baseline, printed size)."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.box = tuple(ctypes.c_double() for _ in range(4))
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.matrix, self.loose = pdfium_c.FS_MATRIX(), pdfium_c.FS_RECTF()

    def __call__(self, index: int) -> tuple[float, float, float, float]:
        raw, (left, right, bottom, top), matrix, loose = self.raw, self.box, self.matrix, self.loose
        pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(raw, index, self.x, self.y)
        size = pdfium_c.FPDFText_GetFontSize(raw, index)
        if pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
            size *= math.hypot(matrix.c, matrix.d)
        xs = [left.value, right.value]
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, loose)
        if loose.left <= sum(xs) / 2 <= loose.right:  # the advance box, unless pdfium got it wrong
            xs = [loose.left, loose.right]
        if size <= 0:
            size = abs(top.value - bottom.value) or 1.0
        return min(xs), max(xs), self.y.value, size


class ClipFinder:
    """The clipping (left, bottom, right, top, in the page's coordinates) a character of a text
    page is drawn through (_clip_box), None where the page does not clip it. With the page, a text
    object drawn inside a form has its clipping and bounds taken from the form's coordinates to the
    page's (a page turned upright is its content drawn as a form, pipelines.read.orientation)."""

    def __init__(self, raw, page: pdfium.PdfPage | None = None) -> None:
        self.raw, self.page, self.boxes = raw, page, {}
        self.placed: dict[int, tuple] | None = None  # _form_matrices, walked the first time a box misses

    def __call__(self, index: int, middle: float, baseline: float, size: float):
        obj = pdfium_c.FPDFText_GetTextObject(self.raw, index)
        if not obj:
            return None
        key = ctypes.cast(obj, ctypes.c_void_p).value
        box = self._box(key, obj)

        def holds(box) -> bool:  # the object's bounds hold the glyph: the box is in the page's coordinates
            return box[4] - size < middle < box[6] + size and box[5] - size < baseline < box[7] + size

        if box and not holds(box) and self.placed is None and self.page is not None:
            self.placed = _form_matrices(self.page)  # a text object inside a form: its box in the form's
            self.boxes.clear()
            box = self._box(key, obj)
        return box[:4] if box and holds(box) else None

    def shows_whole(self, index: int) -> bool:
        """Whether no glyph of character `index`'s text object can be clipped away: the object is not
        clipped, or its clipping holds the object's bounds whole (in any coordinates: a box held in
        another stays held through the form's matrix), so every glyph inside the bounds shows."""
        obj = pdfium_c.FPDFText_GetTextObject(self.raw, index)
        if not obj:
            return True
        box = self._box(ctypes.cast(obj, ctypes.c_void_p).value, obj)
        return box is None or (box[0] <= box[4] and box[1] <= box[5] and box[6] <= box[2] and box[7] <= box[3])

    def _box(self, key: int, obj):
        if key not in self.boxes:
            box = _clip_box(obj)
            if box and self.placed and key in self.placed:
                box = (*_mapped(box[:4], self.placed[key]), *_mapped(box[4:], self.placed[key]))
            self.boxes[key] = box
        return self.boxes[key]


def _form_matrices(page: pdfium.PdfPage) -> dict[int, tuple]:
    """Each text object drawn inside a form (XObject) → the matrix from its form's coordinates to
    the page's; empty when the page draws no form."""
    from pipelines.read.lattice_rules import page_objects

    return {ctypes.cast(obj, ctypes.c_void_p).value: matrix for obj, kind, matrix in page_objects(page)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT and matrix is not None}


def _mapped(box: tuple, matrix: tuple) -> tuple[float, float, float, float]:
    """A box (left, bottom, right, top) through a matrix, as the box around its mapped corners."""
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x in (box[0], box[2]):
        for y in (box[1], box[3]):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def clipped_away(center: float, clip: tuple[float, float, float, float] | None) -> bool:
    """Whether a character whose em box has this vertical centre is hidden by its clipping: above
    or below it, it shows on no line of the page (a cell broken over a page break drawn whole on
    both pages; text taller than its cell, cut off). Across, a clipping hides only part of a line
    (pipelines.read.grid_text places such a glyph inside its clipping)."""
    return clip is not None and not clip[1] <= center <= clip[3]


def hidden_chars(raw, page: pdfium.PdfPage | None = None) -> set[int]:
    """The indexes of a text page's characters that their clipping hides (clipped_away): pdfium's
    text reads them, the page does not show them."""
    geometry, clip_of, hidden = CharGeometry(raw), ClipFinder(raw, page), set()
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_GetUnicode(raw, index) in _BLANKS or pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        if clip_of.shows_whole(index):  # most text: no clipping, or one around the whole object
            continue
        x0, x1, baseline, size = geometry(index)
        if clipped_away(baseline + 0.38 * size, clip_of(index, (x0 + x1) / 2, baseline, size)):
            hidden.add(index)
    return hidden


def _clip_box(obj) -> tuple[float, float, float, float, float, float, float, float] | None:
    """The box a text object's clipping leaves visible (the intersection of its clip paths' boxes:
    a spreadsheet printer clips each cell's text to the cell, so a label longer than its cell runs
    on, unseen, under the next one), then the object's own bounds; None without a clipping."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box = [-math.inf, -math.inf, math.inf, math.inf]
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index), x, y)
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            box = [max(box[0], min(xs)), max(box[1], min(ys)), min(box[2], max(xs)), min(box[3], max(ys))]
    bounds = [ctypes.c_float() for _ in range(4)]
    if math.inf in box or -math.inf in box or box[0] >= box[2] or box[1] >= box[3] \
            or not pdfium_c.FPDFPageObj_GetBounds(obj, *bounds):
        return None
    return (box[0], box[1], box[2], box[3], *(value.value for value in bounds))


def text_lines(chars: list[Word], tolerance: float, word_gap: float) -> list[TextLine]:
    """Characters grouped into lines (top to bottom) and words (left to right) by position alone:
    the order a PDF draws its characters in is not the reading order."""
    groups: list[tuple[float, float, list[Word]]] = []  # (centre, font size, characters)
    for char in sorted(chars, key=lambda c: -c.center):
        if groups and abs(groups[-1][0] - char.center) < tolerance * max(char.size, groups[-1][1]):
            center, size, members = groups[-1]
            members.append(char)
            groups[-1] = (center + (char.center - center) / len(members), max(size, char.size), members)
        else:
            groups.append((char.center, char.size, [char]))
    lines = []
    for center, _, members in groups:
        size = median(c.size for c in members)  # one glyph's box ("一") can be a sliver
        words: list[Word] = []
        run: list[Word] = []
        for char in sorted(members, key=lambda c: c.left):
            if run and char.left - run[-1].right > word_gap * size:
                words.append(_word(run, size))
                run = []
            run.append(char)
        words.append(_word(run, size))
        lines.append(TextLine(words, center))
    return lines


def _word(chars: list[Word], size: float) -> Word:
    return Word("".join(c.text for c in chars), chars[0].left, max(c.right for c in chars),
                min(c.bottom for c in chars), max(c.top for c in chars), size)




def spaced(words: list[Word]) -> str:
    """Words of one line: a space only between two Latin letters or digits ("208 社会…" keeps none)."""
    text = words[0].text
    for word in words[1:]:
        text += (" " if text[-1].isascii() and text[-1].isalnum() and word.text[0].isascii() else "") + word.text
    return text
