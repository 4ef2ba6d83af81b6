"""Prose leaves out text its clipping hides (pipelines.read.prose.prose_bands(hide_clipped=…), the
test of pipelines.read.glyphs.clipped_away that the ruled-table reader uses): pdfium's text holds
every character a page draws, also those drawn outside the clip path their text object is drawn
through, which the page does not show and which would read as narrative."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.read.pdf import PdfSettings
from pipelines.read.prose import prose_bands
from tests.read.test_clipped_text import REAL, write_pdf

# Three text objects: one unclipped, one clipped to a box holding it, one clipped to a box 40 pt
# above its baseline (as a table cell broken over a page break draws its text whole, cut off);
# the fourth, clipped to a box it runs past sideways only, shows in part and is kept.
STREAM = (b"BT /F1 10 Tf 50 700 Td (Printed title) Tj ET "
          b"q 40 640 300 30 re W n BT /F1 10 Tf 50 650 Td (Shown inside its clipping) Tj ET Q "
          b"q 40 600 300 30 re W n BT /F1 10 Tf 50 560 Td (11000025T00000341) Tj ET Q "
          b"q 40 500 60 30 re W n BT /F1 10 Tf 50 510 Td (Running past its box) Tj ET Q")


def _lines(pdf: Path, hide_clipped: bool) -> list[str]:
    page = pdfium.PdfDocument(str(pdf))[0]
    return [row[0] for region in prose_bands(page, 800, 400, [], "pdfium-text", hide_clipped) for row in region.rows]


def test_text_drawn_below_its_clipping_is_not_prose_hand_drawn(tmp_path):
    pdf = write_pdf(tmp_path / "clipped-prose.pdf", STREAM)
    assert _lines(pdf, True) == ["Printed title", "Shown inside its clipping", "Running past its box"]
    # pdfium's text whole (hide_clipped false), as before: the hidden code read as a line of prose
    assert _lines(pdf, False) == ["Printed title", "Shown inside its clipping", "11000025T00000341",
                                  "Running past its box"]


def test_the_setting_is_data_and_on():
    assert PdfSettings.load().prose_hide_clipped is True


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_beijing_jxj_p67_project_code_cut_off_below_the_table_is_not_prose():
    # p67 项目支出绩效目标表: the next project's code "11000025T00000341…" is drawn below the page's
    # last row, its clipping (the cell) ending above it; the printed page (pdftoppm -r 150) shows
    # only a sliver of its tops. The project above, "11000025T000003346929-…", is printed whole.
    page = pdfium.PdfDocument(str(REAL / "beijing-jxj-tables-2026-budget.pdf"))[66]
    text = {hide: "\n".join(row[0] for region in prose_bands(page, page.get_height(), page.get_width(), [],
                                                               "pdfium-text", hide) for row in region.rows)
            for hide in (True, False)}
    assert "11000025T00000341" in text[False] and "11000025T00000341" not in text[True]
    assert "11000025T00000334" in text[True].replace("\n", "")
