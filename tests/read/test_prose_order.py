"""Prose drawn right to left reads in printed order (pipelines.read.prose_order): pdfium gives a
line's characters in the order the content stream draws them, and pdftocairo redraws narrative in
runs of glyphs each drawn from its last character back to its first (shaanxi-xakjj p5/p6/p12:
"负⑻ 境（国进引责 …"). Lines drawn left to right keep pdfium's text as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.read.prose import prose_bands
from pipelines.read.prose_order import printed_text
from tests.read.test_clipped_text import REAL, write_pdf
from tools.render.producers import cairo_pdf

# Helvetica's advances (per 1000 of the font size) of the characters the lines below use
_WIDTHS = {" ": 278, ".": 278, "T": 611, "a": 556, "e": 556, "i": 222, "l": 222, "n": 556, "o": 556, "p": 556,
           "s": 500, "t": 278, "m": 833, **{digit: 556 for digit in "0123456789"}}
SENTENCE = "Total spent 721.71 in 2021"


def _placed(text: str, x: float, y: float, size: float = 12.0) -> list[tuple[str, float, float]]:
    """Each glyph of `text` (spaces not drawn, as pdftocairo does) with the x it is printed at."""
    glyphs = []
    for char in text:
        if char != " ":
            glyphs.append((char, x, y))
        x += _WIDTHS[char] * size / 1000
    return glyphs


def _drawn(glyphs: list[tuple[str, float, float]], size: float = 12.0) -> bytes:
    """One text object placing each glyph with its own matrix, in the order given."""
    shows = b" ".join(b"1 0 0 1 %.2f %.2f Tm (%s) Tj" % (x, y, char.encode()) for char, x, y in glyphs)
    return b"BT /F1 %.1f Tf " % size + shows + b" ET "


def _runs_reversed(glyphs: list, size: int, font: float = 12.0) -> bytes:
    """As pdftocairo draws xakjj's narrative: runs of `size` glyphs left to right, each one TJ
    drawn from its last glyph back to its first, the array's kerning taking the pen back left."""
    stream = b"BT /F1 %.1f Tf " % font
    for start in range(0, len(glyphs), size):
        run = glyphs[start:start + size][::-1]
        stream += b"1 0 0 1 %.2f %.2f Tm [" % (run[0][1], run[0][2])
        for (char, x, _), after in zip(run, run[1:] + [None]):
            stream += b"(%s)" % char.encode()
            if after:  # kerning moves the pen left, by 1000ths of the font size
                stream += b" %.1f " % ((x + _WIDTHS[char] * font / 1000 - after[1]) * 1000 / font)
        stream += b"] TJ "
    return stream + b"ET "


def _lines(pdf: Path, number: int = 0) -> list[str]:
    page = pdfium.PdfDocument(str(pdf))[number]
    return [row[0] for region in prose_bands(page, page.get_height(), page.get_width(), [], "pdfium-text")
            for row in region.rows]


def test_a_line_drawn_right_to_left_reads_in_printed_order(tmp_path):
    # one TJ from the last glyph back to the first (a glyph by glyph Tm pdfium puts right itself)
    pdf = write_pdf(tmp_path / "reversed.pdf", _runs_reversed(_placed(SENTENCE, 50, 700), 99))
    assert _lines(pdf) == [SENTENCE]


def test_a_line_drawn_in_runs_each_right_to_left_reads_in_printed_order(tmp_path):
    stream = _runs_reversed(_placed(SENTENCE, 50, 700), 4) + _runs_reversed(_placed("Total 2021", 50, 680), 3)
    assert _lines(write_pdf(tmp_path / "runs.pdf", stream)) == [SENTENCE, "Total 2021"]


def test_lines_drawn_left_to_right_keep_pdfiums_text(tmp_path):
    # a superscript ("m2" with the 2 raised and smaller), two columns on one row drawn right column
    # first, and a line drawn twice a hair aside as producers fake bold: read as before prose_order
    superscript = _drawn(_placed("Total m", 50, 700)) + _drawn(_placed("2", 50 + _advance("Total m"), 705), 7.0)
    columns = _drawn(_placed("Total 2021", 250, 650)) + _drawn(_placed("spent 721.71", 50, 650))
    bold = _drawn(_placed("Total spent", 50, 600)) + _drawn(_placed("Total spent", 50.3, 600))
    assert _lines(write_pdf(tmp_path / "superscript.pdf", superscript)) == ["Total m2"]
    assert _lines(write_pdf(tmp_path / "columns.pdf", columns)) == ["spent 721.71 Total 2021"]
    assert _lines(write_pdf(tmp_path / "bold.pdf", bold)) == ["Total spent"]


def test_text_drawn_twice_for_bold_is_not_read_by_position():
    # pdfium does not always merge the copies: "粗体" then "粗体" 0.3 pt aside, each left to right; the
    # second copy's first glyph touches the first copy's last on its left (one step right to left
    # among two left to right): pdfium's text is kept, not interleaved "粗粗体体"
    def glyph(char, pen):
        return (ord(char), 710.0, 696.0, pen + 1.0, pen + 14.0, pen, pen + 16.0)
    chars = [glyph("粗", 50.0), glyph("体", 66.0), glyph("粗", 50.3), glyph("体", 66.3)]
    assert printed_text(chars) == "粗体粗体"
    assert printed_text(chars[::-1]) == "粗体"  # drawn right to left: by position, the copies merged


def _advance(text: str, size: float = 12.0) -> float:
    return sum(_WIDTHS[char] for char in text) * size / 1000


def test_printed_text_of_a_right_to_left_run_beside_one_drawn_left_to_right():
    # xakjj p5 printed by pdftocairo: "（二）" drawn "）二（", then "机构设置情况" left to right
    # (code, top, bottom, left, right, pen left, pen right) as prose._text_chars gives them
    def glyph(char, pen):
        return (ord(char), 386.0, 372.0, pen + 1.0, pen + 14.0, pen, pen + 16.0)
    heading = [glyph(char, 136.3 - 16 * index) for index, char in enumerate("）二（")]
    heading += [(0x20, 373.4, 373.4, 105.4, 105.4)]  # pdfium's space where the order jumped
    heading += [glyph(char, 152.3 + 16 * index) for index, char in enumerate("机构设置情况")]
    assert printed_text(heading) == "（二）机构设置情况"
    forward = [glyph(char, 100.0 + 16 * index) for index, char in enumerate("机构 设置")]
    assert printed_text(forward) == "机构 设置"  # pdfium's text, its space kept


@pytest.mark.skipif(not REAL.is_dir() or shutil.which("pdftocairo") is None, reason="needs ../shared/real and pdftocairo")
def test_shaanxi_xakjj_p5_printed_by_pdftocairo_reads_its_sentences_as_the_original(tmp_path):
    # xakjj p5 (职能 (8), checked by eye against pdftotext -layout): "⑻负责引进国（境）外人才和智力，
    # 组织实施专项计划项目，…" and "与校地合作处（根据 2021 年市委编办文件…"; pdftocairo draws them in
    # runs of ~5 glyphs each from its end, read before as "负⑻ 境（国进引责 智和才人外）…"
    original = REAL / "shaanxi-xakjj-2022-budget.pdf"
    cairo = cairo_pdf(original, tmp_path / "xakjj-p5-cairo.pdf", 5, 5)
    lines = _lines(cairo)
    assert "⑻负责引进国（境）外人才和智力，组织实施专项计划项目，开展国际交流与合作；拟订吸引国" in lines
    assert "（二）机构设置情况" in lines
    assert "与校地合作处（根据 2021 年市委编办文件加挂秦创原建设推进处）、科技金融与服务业推进处、农" in lines
    assert lines == _lines(original, 4)


def test_a_line_broken_between_glyphs_is_mended_with_a_space_only_where_the_pen_left_a_gap():
    # xakjj p5 turned and printed by pdftocairo (rot90-cairo): pdfium breaks "（二）" | "机构设置情况".
    # The ink of "）" ends 10 pt before "机" begins, the pen not at all: no space, as the original
    # reads (before, by the ink: "（二） 机构设置情况"); "公开 09" | "表" a space's advance apart keeps it
    from pipelines.read.prose import _prose_lines

    def line(text, pen, step=16.0):
        return [(ord(char), 386.0, 372.0, pen + step * index + (9.0 if char in "）”" else 1.0),
                 pen + step * index + (14.0 if char not in "）”" else 6.0), pen + step * index, pen + step * (index + 1))
                for index, char in enumerate(text)] + [(0x0A, 0.0, 0.0, 0.0, 0.0)]
    assert _prose_lines(line("（二）", 104.4) + line("机构设置情况", 152.4)) == ["（二）机构设置情况"]
    assert _prose_lines(line("公开 09", 40.0) + line("表", 40.0 + 5 * 16.0 + 5.0)) == ["公开 09 表"]
