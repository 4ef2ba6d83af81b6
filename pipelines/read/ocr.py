"""Scanned pages: ruling lines found in the image, words read by Tesseract (chi_sim), cells rebuilt.

A scan has no text layer and no vector lines, so camelot cannot read it directly. Its own image
functions still find the ruled grid (adaptive threshold → horizontal/vertical line masks → table
contours); the lines are then erased from the image, each cell (spanning cells merged across their
missing rules, text anchored top-left as camelot's ``shift_text=['l', 't']`` does) is pasted on
its own line of one canvas that Tesseract reads in a single call, so no word runs across two cells. Words outside every
grid are prose lines. Every line carries the engine ``ocr-tesseract``, so each fact read from a
scan is flagged in lineage. Without Tesseract or its chi_sim data the document is rejected with
the reason: an unread scan is never loaded as garbage.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pypdfium2 as pdfium

from pipelines.errors import RejectedInput
from pipelines.read.ocr_lines import prose_lines, text_lines
from pipelines.read.pages import PageContent, Region
from pipelines.reference import load_yaml

ENGINE = "ocr-tesseract"
_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim (scripts/setup.sh does it)"
_RULE_NOISE = "|丨“”\"'‘’_-—"  # what the remains of an erased rule read as at a cell's edge
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_COLON_POINT = re.compile(r"(?<=\d)[:：](?=\d{1,2}$)")  # "17:23": a decimal point read as a colon
_LATIN_ONLY = re.compile(r"^(?=.*[A-Za-z])[A-Za-z .,:;!?()»«<>=_]{1,12}$")  # "ait", "SCH iE" (支出总计)


@lru_cache(maxsize=1)
def tesseract_problem(language: str) -> str | None:
    """Why OCR cannot run here, or None when Tesseract with the language is installed."""
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        return f"Tesseract is not installed ({_INSTALL})"
    missing = [name for name in language.split("+") if name not in languages]
    if missing:
        return f"Tesseract has no {'+'.join(missing)} language data ({_INSTALL})"
    return None


@dataclass(frozen=True)
class Grid:
    """A ruled table in image pixels: its row and column boundaries and the rules drawn."""

    xs: list[int]  # column boundaries, left to right
    ys: list[int]  # row boundaries, top to bottom
    vertical: np.ndarray  # mask of vertical rules
    horizontal: np.ndarray  # mask of horizontal rules

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        column = int(np.searchsorted(self.xs, x)) - 1
        row = int(np.searchsorted(self.ys, y)) - 1
        return max(row, 0), max(column, 0)

    def _ruled(self, mask: np.ndarray, x0: int, x1: int, y0: int, y1: int) -> bool:
        return bool(mask[max(y0, 0):y1 + 1, max(x0, 0):x1 + 1].any())

    def anchor(self, row: int, column: int) -> tuple[int, int]:
        """The top-left cell of the span holding (row, column): where its text belongs."""
        while column > 0:
            x, middle = self.xs[column], (self.ys[row] + self.ys[row + 1]) // 2
            if self._ruled(self.vertical, x - 4, x + 4, middle - 2, middle + 2):
                break
            column -= 1
        while row > 0:
            y, centre = self.ys[row], (self.xs[column] + self.xs[column + 1]) // 2
            if self._ruled(self.horizontal, centre - 2, centre + 2, y - 4, y + 4):
                break
            row -= 1
        return row, column


def _boundaries(values: list[int], tolerance: int = 6) -> list[int]:
    merged: list[int] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return merged


def find_grids(gray: np.ndarray, line_scale: int) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables of a page image, and the mask of all rules (to erase before OCR)."""
    import cv2
    from camelot.image_processing import adaptive_threshold, find_contours, find_lines

    _, threshold = adaptive_threshold(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    vertical, vertical_lines = find_lines(threshold, direction="vertical", line_scale=line_scale)
    horizontal, horizontal_lines = find_lines(threshold, direction="horizontal", line_scale=line_scale)
    grids = []
    for x, y, w, h in find_contours(vertical, horizontal):
        xs = _boundaries([x1 for x1, y1, x2, y2 in vertical_lines if x - 5 <= x1 <= x + w + 5
                          and y - 5 <= min(y1, y2) and max(y1, y2) <= y + h + 5])
        ys = _boundaries([y1 for x1, y1, x2, y2 in horizontal_lines if y - 5 <= y1 <= y + h + 5
                          and x - 5 <= min(x1, x2) and max(x1, x2) <= x + w + 5])
        if len(xs) >= 3 and len(ys) >= 2:
            grids.append(Grid(xs, ys, vertical, horizontal))
    # Only rules inside a table are erased: a bold title's long strokes ("一") look like rules too.
    inside = np.zeros(gray.shape, dtype=bool)
    for grid in grids:
        inside[max(grid.ys[0] - 6, 0):grid.ys[-1] + 7, max(grid.xs[0] - 6, 0):grid.xs[-1] + 7] = True
    rules = cv2.dilate(((vertical > 0) | (horizontal > 0)).astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    return grids, rules & inside


def read_words(image: np.ndarray, language: str, psm: int, extra: str = "") -> list[dict]:
    """Tesseract's words with boxes and confidence, in its reading order."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=language, config=f"--psm {psm} {extra}".strip(),
                                     output_type=pytesseract.Output.DICT)
    words = []
    for index, text in enumerate(data["text"]):
        text = text.strip()
        if not text or float(data["conf"][index]) < 0:
            continue
        words.append({"text": text, "x": data["left"][index] + data["width"][index] / 2,
                      "y": data["top"][index] + data["height"][index] / 2,
                      "top": data["top"][index], "height": data["height"][index], "left": data["left"][index],
                      "width": data["width"][index],
                      "conf": float(data["conf"][index])})
    return words


def _by_cell(words: list[dict], placed: list) -> dict[tuple, list[dict]]:
    found: dict[tuple, list[dict]] = {}
    for word in words:
        for key, x0, y0, x1, y1 in placed:
            if x0 - 8 <= word["x"] <= x1 + 8 and y0 - 8 <= word["y"] <= y1 + 8:
                found.setdefault(key, []).append(word)
                break
    return found


def read_cells(canvas: np.ndarray, placed: list, config: dict) -> dict[tuple, str]:
    """The text of every pasted cell: chi_sim for labels; for numbers, a digits-only reading.

    chi_sim reads an isolated "1" as "由" or "52.15" as "号2.15"; the English model restricted to
    digits reads numbers far better but turns labels into noise. A cell takes the digits reading
    when it is a clean number and the chi_sim reading has no CJK character — or is so short
    (≤ 3 characters) that the digits reading, read with high confidence, is the likelier one.
    """
    labels = _by_cell(read_words(canvas, config["language"], config["psm"]), placed)
    digits = _by_cell(read_words(canvas, config["digits_language"], config["psm"],
                                 f"-c tessedit_char_whitelist={config['digits']}"), placed)
    cells = {}
    for key, x0, y0, x1, y1 in placed:
        label = "".join(text for _, text in text_lines(labels.get(key, []))).strip(_RULE_NOISE)
        number_words = digits.get(key, [])
        number = "".join(text for _, text in text_lines(number_words))
        confident = bool(number_words) and min(w["conf"] for w in number_words) >= config["digits_confidence"]
        decimal_label = _COLON_POINT.sub(".", label)
        if not confident and "." not in number and "." in decimal_label and _NUMBER.match(decimal_label):
            # the digits model, unsure, read the decimal point as a digit ("17323"); chi_sim saw a
            # point or a colon ("17:23")
            cells[key] = decimal_label
        elif _NUMBER.match(number) and (not _CJK.search(label) or (len(label) <= 3 and confident)):
            cells[key] = number
        elif _LATIN_ONLY.match(label):
            # chi_sim+eng turns a short Chinese label into Latin letters ("合计" → "ait"); the
            # cell is read again, on its own, by the Chinese model alone
            again = "".join(w["text"] for w in read_words(canvas[y0:y1, x0:x1], config["cjk_language"],
                                                            config["cell_psm"]))
            cells[key] = again if _CJK.search(again) else label
        elif label:
            cells[key] = label
    return cells


def mended(text: str, config: dict) -> str:
    """OCR'd text with chi_sim's known misreadings (`corrections`: "文出" → "支出"; `numbering_corrections`: the
    list number opening a cell, "上、" → "十、") mended."""
    for wrong, right in config.get("corrections", {}).items():
        text = text.replace(wrong, right)
    numbering = config.get("numbering_corrections", {})
    if text[:1] in numbering and re.match(r".[一二三四五六七八九]?[、.．]\S", text):
        text = numbering[text[0]] + text[1:]  # "上、节能环保支出" → "十、…", "上一、城乡社区支出" → "十一、…"
    return text


def spans(grid: Grid) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Each cell's anchor (row, column) → its rectangle in pixels (x0, y0, x1, y1), spans merged."""
    boxes: dict[tuple[int, int], list[int]] = {}
    for row in range(len(grid.ys) - 1):
        for column in range(len(grid.xs) - 1):
            anchor = grid.anchor(row, column)
            box = boxes.setdefault(anchor, [grid.xs[column], grid.ys[row], grid.xs[column + 1], grid.ys[row + 1]])
            box[2] = max(box[2], grid.xs[column + 1])
            box[3] = max(box[3], grid.ys[row + 1])
    return {anchor: tuple(box) for anchor, box in boxes.items()}


def stack_cells(clean: np.ndarray, cells: list[tuple[object, tuple[int, int, int, int]]], gap: int = 32):
    """Paste every inked cell onto a white canvas, one under the other, left-aligned.

    Tesseract then reads each cell on its own — it cannot run a word across two cells or merge the
    wrapped lines of neighbouring cells — in one call per page. Returns the canvas and the pasted
    boxes: (key, x0, y0, x1, y1) on the canvas.
    """
    crops = []
    for key, (x0, y0, x1, y1) in cells:
        crop = clean[y0 + 3:y1 - 2, x0 + 3:x1 - 2]
        if crop.size and crop.min() <= 160:  # an empty cell has nothing to read
            crops.append((key, crop))
    width = max((crop.shape[1] for _, crop in crops), default=0) + 2 * gap
    height = sum(crop.shape[0] + gap for _, crop in crops) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    placed, y = [], gap
    for key, crop in crops:
        canvas[y:y + crop.shape[0], gap:gap + crop.shape[1]] = crop
        placed.append((key, gap, y, gap + crop.shape[1], y + crop.shape[0]))
        y += crop.shape[0] + gap
    return canvas, placed


def ocr_page(gray: np.ndarray, scale: float, height_pt: float, width_pt: float, config: dict) -> list[Region]:
    """Regions (tables and prose) of one scanned page image, in PDF coordinates."""
    grids, rules = find_grids(gray, config["line_scale"])
    clean = gray.copy()
    clean[rules] = 255
    cells = [((number, anchor), box) for number, grid in enumerate(grids) for anchor, box in spans(grid).items()]
    canvas, placed = stack_cells(clean, cells)
    if config["upscale"] != 1:  # smooth (cubic) enlargement reads digits better than rendering larger
        import cv2

        factor = config["upscale"]
        canvas = cv2.resize(canvas, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        placed = [(key, *(int(v * factor) for v in box)) for key, *box in placed]
    texts = {key: mended(text, config) for key, text in (read_cells(canvas, placed, config) if placed else {}).items()}
    prose_image = clean.copy()
    for grid in grids:
        prose_image[grid.ys[0]:grid.ys[-1] + 1, grid.xs[0]:grid.xs[-1] + 1] = 255
    loose = read_words(prose_image, config["language"], config["prose_psm"])

    def to_pt(y: float) -> float:
        return height_pt - y / scale

    regions = []
    for number, grid in enumerate(grids):
        rows = [["" for _ in grid.xs[1:]] for _ in grid.ys[1:]]
        for (table, (row, column)), text in texts.items():
            if table == number:
                rows[row][column] = text
        regions.append(Region(to_pt(grid.ys[0]), to_pt(grid.ys[-1]), grid.xs[0] / scale, grid.xs[-1] / scale,
                              rows, ENGINE))
    for top, text in prose_lines(prose_image, loose, grids, config, read_words):
        regions.append(Region(to_pt(top), to_pt(top) - 1, 0.0, width_pt, [[mended(text, config)]], ENGINE))
    return regions


def ocr_pages(path: str, document: pdfium.PdfDocument, kinds: list) -> list[PageContent]:
    """OCR the given pages (PageKind list) of an open PDF; raise RejectedInput when OCR cannot run."""
    config = load_yaml("pdf_reader.yaml")["ocr"]
    problem = tesseract_problem(config["language"])
    if problem:
        numbers = ", ".join(str(kind.number) for kind in kinds[:10])
        raise RejectedInput(path, f"a scanned PDF (pages {numbers}{'…' if len(kinds) > 10 else ''} have no text "
                                  f"layer) and OCR is not available: {problem}", "ocr_unavailable")
    scale = config["dpi"] / 72
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract per core, not one using them all

    def one(kind) -> PageContent:
        gray = np.array(document[kind.number - 1].render(scale=scale, grayscale=True).to_pil().convert("L"))
        return PageContent(kind.number, "scanned", ocr_page(gray, scale, kind.height, kind.width, config))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(one, kinds))
