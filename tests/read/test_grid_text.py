"""Ruled tables' cells filled from pdfium's glyph positions (pipelines.read.grid_text): hand-placed
characters on a hand-made grid, and the real page that needed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.read.borderless import Word
from pipelines.read.grid_text import grid_rows, keeps_every_character

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
SIZE = 10.0


def chars(text: str, left: float, baseline: float) -> list[Word]:
    """Characters as pipelines.read.borderless.page_chars makes them: em box around the baseline."""
    out, x = [], left
    for ch in text:
        width = 5.0 if ch.isascii() else SIZE
        out.append(Word(ch, x, x + width, baseline - 0.12 * SIZE, baseline + 0.88 * SIZE, SIZE))
        x += width
    return out


ROWS = [(100.0, 80.0), (80.0, 60.0)]  # (top, bottom), top row first
COLS = [(0.0, 120.0), (120.0, 200.0)]


def test_characters_go_to_the_cell_of_their_centre_in_drawing_order_or_not():
    # drawn as chongqing-swj p15 draws them: the text, then the brackets around "一", then the amount
    drawn = chars("一般公共预算资金", 30, 85) + chars("一", 10, 85) + chars("(", 5, 85) + chars(")", 20, 85)
    drawn += chars("99,320.55", 130, 85) + chars("合计", 10, 65)
    assert grid_rows(drawn, ROWS, COLS) == [["(一)一般公共预算资金", "99,320.55"], ["合计", ""]]


def test_a_label_wrapped_in_its_cell_reads_top_line_first():
    drawn = chars("出", 10, 63) + chars("其他资本性支", 10, 73)
    assert grid_rows(drawn, ROWS, COLS)[1][0] == "其他资本性支出"


def test_text_in_a_merged_cell_goes_to_its_top_left_grid_cell():
    # "收入" centred over both columns of the top row (no rule between them); the cell below
    # both rows' first column (no rule on top of the second row) takes "项目"
    edges = [[(True, True), (False, True)], [(True, False), (True, True)]]
    drawn = chars("收入", 110, 85) + chars("项目", 10, 65) + chars("1.00", 130, 65)
    assert grid_rows(drawn, ROWS, COLS, edges) == [["收入项目", ""], ["", "1.00"]]


def test_digits_in_one_word_keep_no_space_and_two_numbers_keep_one():
    drawn = chars("12.5", 125, 85) + chars("3.0", 170, 85)
    assert grid_rows(drawn, ROWS, COLS)[0][1] == "12.5 3.0"


def test_the_refill_is_used_only_when_it_keeps_every_character_camelot_read():
    camelot = [["一一般公共预算资金()", ""], ["合计", "5.00"]]
    assert keeps_every_character([["(一)一般公共预算资金", "99,320.55"], ["合计", "5.00"]], camelot)
    assert not keeps_every_character([["(一)一般公共预算资金", ""], ["合计", ""]], camelot)
    assert not keeps_every_character([["x", "y"]], [["(cid:12)", ""]])


@pytest.mark.skipif(not (REAL / "chongqing-swj-2026-budget.pdf").exists(), reason="real corpus not present")
def test_chongqing_swj_p15_amounts_stay_on_their_rows():
    # checked by eye on p15 (2026年财政拨款收支总体情况表): row "(一)一般公共预算资金 99,320.55 |
    # (一)一般公共服务支出 16,604.23 16,604.23"; row "(七)住房保障支出 1,811.88"; 上年结转's
    # "(二)政府性基金预算拨款 41,534.73". pdfminer's boxes of the amounts' font sit 11 pt low.
    from pipelines.read.pdf import read_pdf_pages

    path = REAL / "chongqing-swj-2026-budget.pdf"
    page = next(p for p in read_pdf_pages(str(path), path.read_bytes()) if p.number == 15)
    rows = [row for region in page.regions if region.is_table for row in region.rows]
    assert ["(一)一般公共预算资金", "99,320.55", "(一)一般公共服务支出", "16,604.23", "16,604.23", "", ""] in rows
    assert ["", "", "(七)住房保障支出", "1,811.88", "1,811.88", "", ""] in rows
    assert ["(二)政府性基金预算拨款", "41,534.73", "", "", "", "", ""] in rows
