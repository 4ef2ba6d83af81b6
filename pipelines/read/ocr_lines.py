"""Lines of OCR'd words: grouping, the title band above a table read again, and Latin noise read again.

Tesseract's automatic layout (psm 3) reads a page's narrative well but a table's preamble badly: a
large title over a small "编制单位：… 单位：元" line is taken for two columns of a layout, and the
combined chi_sim+eng model turns them into Latin noise ("202655 Fa FE ALIA 55 WSC PGE",
"Si=Pfc:上海7 HHA A Ss ATT" on shanghai-fulicaipiao p7/p8 scanned). The lines just above each grid
(title, number, unit: `title_band_lines`) are therefore read again as one uniform block
(`title_band_psm`, one more Tesseract call per table), which reads them whole
("2026年预算单位收入预算总表", "编制单位:上海市福利彩票发行中心", "单位:元").
"""

from __future__ import annotations

import re

import numpy as np

_CJK = re.compile(r"[\u3400-\u9fff]")
_ASCII_WORD = re.compile(r"[0-9A-Za-z.,%()\-]")
_LATIN_LETTERS = re.compile(r"[A-Za-z]")


def join_words(tokens: list[str]) -> str:
    text = ""
    for token in tokens:
        if text and _ASCII_WORD.match(text[-1]) and _ASCII_WORD.match(token[0]):
            text += " "
        text += token
    return text


def word_lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines by their vertical overlap, top line first, each left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["y"]):
        if lines and abs(word["y"] - lines[-1][0]["y"]) <= 0.6 * max(word["height"], lines[-1][0]["height"]):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["left"]) for line in lines]


def text_lines(words: list[dict]) -> list[tuple[float, str]]:
    """Words grouped into lines: (top, text) — a cell's text, whatever gaps it holds."""
    return [(min(w["top"] for w in line), join_words([w["text"] for w in line])) for line in word_lines(words)]


def split_at_gaps(line: list[dict], gap_heights: float) -> list[list[dict]]:
    """A row of words cut where the gap between two words is wider than `gap_heights` × the text height:
    "编制单位:上海市刑事科学技术研究院 … 单位:元" is two lines, as the PDF readers give it."""
    height = max(w["height"] for w in line)
    pieces = [[line[0]]]
    for word in line[1:]:
        previous = pieces[-1][-1]
        if word["left"] - (previous["left"] + previous["width"]) > gap_heights * height:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return pieces


def _band_lines(image: np.ndarray, lines: list[list[dict]], grids: list, config: dict, read_words) -> list[list[dict]]:
    """`lines` with the last few above each grid replaced by a reading of that band as one block."""
    from_grid: dict[int, list[list[dict]]] = {}
    replaced: set[int] = set()
    floor = 0
    for grid in sorted(grids, key=lambda g: g.ys[0]):
        above = [i for i, line in enumerate(lines)
                 if floor <= min(w["top"] for w in line) < grid.ys[0]]
        floor = grid.ys[-1]
        band = above[-config["title_band_lines"]:]
        if not band:
            continue
        top = min(w["top"] for w in lines[band[0]])
        pad = max(4, max(w["height"] for w in lines[band[0]]) // 3)
        y0 = max(top - pad, 0)
        again = read_words(image[y0:grid.ys[0], :], config["language"], config["title_band_psm"])
        if not again:
            continue
        for word in again:
            word["top"] += y0
            word["y"] += y0
        # every line of the band goes, however psm 3 grouped its words (a name and a unit line at
        # slightly different heights are two lines of its reading)
        replaced.update(i for i in above if min(w["top"] for w in lines[i]) >= top)
        from_grid[band[0]] = word_lines(again)
    kept: list[list[dict]] = []
    for index, line in enumerate(lines):
        if index in from_grid:
            kept.extend(from_grid[index])
        elif index not in replaced:
            kept.append(line)
    return kept


def prose_lines(image: np.ndarray, words: list[dict], grids: list, config: dict, read_words) -> list[tuple[float, str]]:
    """The page's lines outside the grids, (top, text) top down: the title band above each grid read
    again as one block, each row cut at wide gaps, and a piece holding Latin letters read again, alone,
    by the Chinese model, whose reading is kept when it has more CJK characters and fewer Latin letters
    (chi_sim+eng reads a large bold title as Latin noise, as it does a short label cell)."""
    found = []
    for line in _band_lines(image, word_lines(words), grids, config, read_words):
        row_top = min(w["top"] for w in line)  # the pieces of a row keep their order, left to right
        for piece in split_at_gaps(line, config["line_gap_heights"]):
            top, text = min(w["top"] for w in piece), join_words([w["text"] for w in piece])
            if len(_LATIN_LETTERS.findall(text)) >= 3:  # "PANE:元" for 单位：元
                bottom = max(w["top"] + w["height"] for w in piece)
                left, right = min(w["left"] for w in piece), max(w["left"] + w["width"] for w in piece)
                pad = max(4, (bottom - top) // 4)
                crop = image[max(top - pad, 0):bottom + pad, max(left - pad, 0):right + pad]
                again = join_words([w["text"] for w in read_words(crop, config["cjk_language"], config["cell_psm"])])
                if len(_CJK.findall(again)) > len(_CJK.findall(text)) and \
                        len(_LATIN_LETTERS.findall(again)) < len(_LATIN_LETTERS.findall(text)):
                    text = again
            found.append((row_top, text))
    return found
