"""Text a spreadsheet printer clips to its cell (pipelines.read.glyphs.page_chars(clips=True),
grid_text.placed_rows(clip_margin=…)): a label longer than its cell runs on, unseen, under the next
cell; placed by its centre, its last characters were glued to the number printed there. Hand-written
PDFs whose cells clip their text as Excel's do, and the real pages where it happened."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.read.glyphs import page_chars
from pipelines.read.grid_text import placed_rows
from pipelines.read.lattice import LatticeSettings, find_grids, read_grids
from pipelines.read.lattice_rules import ruled_lines
from pipelines.read.pdf import _page_chars
from pipelines.textnorm import normalize_text

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
SETTINGS = LatticeSettings.load()
XS, YS = [50, 150, 250, 350], [700, 680, 660, 640]


def _pdf(path: Path, cells: list[tuple[int, int, str, float, float]]) -> Path:
    """A 3 × 3 ruled grid; each (row, col, text, x, baseline) is drawn as Excel draws a cell:
    q <the cell's box> re W n BT … Tj ET Q (the text clipped to its cell)."""
    rules = [f"{XS[0]} {y} m {XS[-1]} {y} l S" for y in YS] + [f"{x} {YS[-1]} m {x} {YS[0]} l S" for x in XS]
    texts = []
    for row, col, text, x, y in cells:
        left, top = XS[col], YS[row]
        texts.append(f"q {left} {YS[row + 1]} {XS[col + 1] - left} {top - YS[row + 1]} re W n "
                     f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET Q")
    return write_pdf(path, ("0.5 w " + " ".join(rules) + " " + " ".join(texts)).encode())


def write_pdf(path: Path, stream: bytes) -> Path:
    """A one-page 400 × 800 pt PDF drawing `stream`, with Helvetica as /F1."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 800] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


# Row 2: a label 140 pt long in a 100 pt cell, its last word under the amount cell; row 1: a header
# centred in column 3 that runs over both its rules; row 3: a cell continued from the page before,
# its first line drawn above the cell (cut off there) and its second inside it.
CELLS = [(0, 0, "Item", 55, 686), (0, 1, "Budget", 155, 686), (0, 2, "Economic-classification", 245, 686),
         (1, 0, "Personnel-and-office-expenses", 55, 666), (1, 1, "2,022.39", 205, 666),
         (1, 2, "1.00", 320, 666),
         (2, 0, "tail", 55, 646), (2, 2, "continued", 255, 663), (2, 2, "3.00", 320, 646)]


def _read(pdf: Path, settings: LatticeSettings = SETTINGS):
    page = pdfium.PdfDocument(str(pdf))[0]
    result = read_grids(page, _page_chars(page), settings)
    assert not result.reason, result.reason
    return result.regions[0].rows


def test_a_label_running_under_the_amount_cell_stays_in_its_own_cell_hand_drawn(tmp_path):
    pdf = _pdf(tmp_path / "clipped.pdf", CELLS)
    assert _read(pdf) == [["Item", "Budget", "Economic-classification"],
                          ["Personnel-and-office-expenses", "2,022.39", "1.00"],
                          ["tail", "", "3.00"]]
    # placed by their centres (clip_margin: null), as before: the label's tail glued to the amount,
    # the centred header split over three cells, the continued line in the row above
    by_centre = _read(pdf, replace(SETTINGS, clip_margin=None))
    assert by_centre[1][1].endswith("2,022.39") and by_centre[1][1] != "2,022.39"
    assert by_centre[0][2] != "Economic-classification"
    assert by_centre[1][2] == "continued 1.00"


def test_glyphs_carry_their_cells_clipping_and_unclipped_text_none(tmp_path):
    pdf = _pdf(tmp_path / "clipped.pdf", CELLS)
    page = pdfium.PdfDocument(str(pdf))[0]
    chars = _page_chars(page)
    label = [c for c in chars if 50 < c.left and c.center < 670 and c.center > 660 and c.right < 200]
    assert {c.clip for c in label} == {(50.0, 660.0, 150.0, 680.0)}
    assert all(c.clip is None for c in page_chars(page))  # clips not asked for (the words reader)


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_shaanxi_xaajj_2019_p3_labels_overflowing_into_amount_cells_read_whole():
    # p3 2019年部门综合预算收支总表 (Excel 2010), checked by eye against the printed page and
    # pdftotext -layout: "1、人员经费和公用经费支出 2,022.39", "(3)对个人和家庭的补助 4.82",
    # "3、机关资本性支出（一） 104.31", header "部门预算支出经济分类科目（按大类）" centred over its rules
    page = pdfium.PdfDocument(str(REAL / "shaanxi-xaajj-tables-2019-budget.pdf"))[2]
    rows = _normalized(read_grids(page, _page_chars(page), SETTINGS).regions[:1])
    assert rows[1][3:7] == ["预算数", "部门预算支出经济分类科目(按大类)", "预算数", "政府预算支出经济分类科目(按大类)"]
    assert rows[3][4:8] == ["1、人员经费和公用经费支出", "2,022.39", "1、机关工资福利支出", "1,470.72"]
    assert rows[5][6:8] == ["3、机关资本性支出(一)", "104.31"]
    assert rows[6][4:6] == ["(3)对个人和家庭的补助", "4.82"]
    # the 9 of 1,092 characters a rule ran through were the clipped overflow: none shows across a rule
    grid = find_grids(ruled_lines(page), SETTINGS)[0]
    assert placed_rows(_page_chars(page), grid.rows, grid.cols, grid.edges)[2] == 9
    assert placed_rows(_page_chars(page), grid.rows, grid.cols, grid.edges, SETTINGS.clip_margin)[2] == 0


def _xakjj_rows(number: int) -> list[list[str]]:
    page = pdfium.PdfDocument(str(REAL / "shaanxi-xakjj-2022-budget.pdf"))[number - 1]
    return _normalized(read_grids(page, _page_chars(page), SETTINGS).regions)


def _normalized(regions) -> list[list[str]]:
    return [[normalize_text(cell) for cell in row] for region in regions for row in region.rows]


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_shaanxi_xakjj_2022_labels_clipped_by_itext_leave_codes_and_amounts_clean():
    # checked by eye against the printed pages and pdftotext -layout (iTextSharp from a workbook):
    # p45 header "政府预算支出经济科目（按大类） | 预算数"; p48 rows 11–12 "机关事业单位基本养老保险 |
    # 50102"; p57 row 8 "“魅力中国—外籍人才眼中最具吸引力的中国城市”评选 | 700000"; p60 row 21
    # "社科院院落提升改造维修项目… | B08修缮工程" (the file holds only these glyphs of the label)
    assert _xakjj_rows(45)[1][-2:] == ["政府预算支出经济科目(按大类)", "预算数"]
    rows48 = {row[0]: row for row in _xakjj_rows(48)}
    assert rows48["11"][2:4] == ["机关事业单位基本养老保险", "50102"]
    assert rows48["12"][2:4] == ["机关事业单位基本养老保险", "50501"]
    row8 = next(row for row in _xakjj_rows(57) if row[0] == "8")
    assert row8[2:4] == ["“魅力中国—外籍人才眼中最具吸引力的中国城市”评选", "700000"]
    rows60 = {row[0]: row for row in _xakjj_rows(60)}
    assert rows60["21"][5:7] == ["社科院院落提升改造维修项目(基)", "B08修缮工程"]
    assert rows60["4"][6] == "C0808社会与管理咨询服务"


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_beijing_jxj_p37_text_cut_off_below_its_cell_no_longer_joins_the_next_row():
    # p37 项目支出绩效目标表: the 三级指标 "开展城镇集体企业清产核资产权界定，履行相关程序完成率" is cut
    # off after "履行相关" (printed page); its hidden "程序完成率" was read into the next row's
    # "被服务企业满意度"
    page = pdfium.PdfDocument(str(REAL / "beijing-jxj-tables-2026-budget.pdf"))[36]
    cells = [cell for region in read_grids(page, _page_chars(page), SETTINGS).regions for row in region.rows
             for cell in row]
    assert "被服务企业满意度" in cells and "程序完成率被服务企业满意度" not in cells
