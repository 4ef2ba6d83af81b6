"""Which pages count as ruled (pipelines.read.pdf._count_paths): pages drawn with pdfium by hand,
and the real printer output that needed more than one rule per path object."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipelines.read.pdf import _count_paths

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"


def _page_with_paths(*paths: list[list[tuple[float, float]]], curve: bool = False) -> tuple:
    """A page holding one path object per entry, each made of the given subpaths (point lists)."""
    document = pdfium.PdfDocument.new()
    page = document.new_page(600, 400)
    for subpaths in paths:
        (x, y), *_ = subpaths[0]
        path = pdfium_c.FPDFPageObj_CreateNewPath(x, y)
        for number, points in enumerate(subpaths):
            if number:
                pdfium_c.FPDFPath_MoveTo(path, *points[0])
            for point in points[1:]:
                pdfium_c.FPDFPath_LineTo(path, *point)
            if curve:
                pdfium_c.FPDFPath_BezierTo(path, 1, 1, 2, 2, 3, 3)
            pdfium_c.FPDFPath_Close(path)
        pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_WINDING, False)
        pdfium_c.FPDFPage_InsertObject(page.raw, path)
    page.gen_content()
    return document, page


def _rule(y: float) -> list[tuple[float, float]]:
    """A horizontal rule drawn as a thin filled rectangle."""
    return [(50, y), (550, y), (550, y + 0.5), (50, y + 0.5)]


def test_a_grid_drawn_as_one_path_of_thin_rectangles_counts_each_rectangle():
    _, page = _page_with_paths([_rule(100 + 20 * i) for i in range(10)])
    assert _count_paths(page, 8) >= 8  # one path object, ten rules


def test_separate_rule_objects_count_one_each_and_a_curved_path_once():
    _, page = _page_with_paths(*[[_rule(100 + 20 * i)] for i in range(3)])
    assert _count_paths(page, 8) == 3
    _, page = _page_with_paths([_rule(100 + 20 * i) for i in range(10)], curve=True)  # a chart's curve
    assert _count_paths(page, 8) == 1


@pytest.mark.skipif(not (REAL / "shanghai-fulicaipiao-2026-budget.pdf").exists(), reason="real corpus not present")
def test_shanghai_fulicaipiao_tables_printed_by_microsoft_print_to_pdf_are_ruled():
    # Microsoft Print to PDF draws each page's grid as two path objects of 6-17 thin rectangles.
    # Checked by eye: p7 (财务收支预算总表) row "一、财政拨款收入 | 215,020,000 | 一、其他支出 | 216,801,570 |
    # 17,499,901 | 3,362,962 | 195,938,707"; p8 header "事业单位经营收入" and "其他收入" are two columns;
    # p11 (一般公共预算支出功能分类预算表) is an empty grid with its header and 合计.
    from pipelines.read.pdf import read_pdf_pages

    path = REAL / "shanghai-fulicaipiao-2026-budget.pdf"
    pages = {p.number: p for p in read_pdf_pages(str(path), path.read_bytes())}
    assert {pages[n].kind for n in (7, 8, 11, 13)} == {"ruled"}
    rows = {n: [row for region in pages[n].regions if region.is_table for row in region.rows] for n in (7, 8, 11)}
    assert ["一、财政拨款收入", "215,020,000", "一、其他支出", "216,801,570", "17,499,901", "3,362,962",
            "195,938,707"] in rows[7]
    assert ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "财政拨款收入", "事业收入", "事业单位经营收入",
            "其他收入"] in rows[8]
    assert ["合计", "", "", "", "", "", ""] in rows[11]


def _line(text: str, top: float, left: float = 40.0) -> list[tuple[int, float, float, float, float]]:
    # (code, top, bottom, left, right) as prose._text_chars gives them, 10 pt a glyph
    chars = [(ord(ch), top, top - 10, left + 10 * i, left + 10 * (i + 1)) for i, ch in enumerate(text)]
    return chars + [(0x0D, 0.0, 0.0, 0.0, 0.0), (0x0A, 0.0, 0.0, 0.0, 0.0)]


def test_prose_lines_read_top_down_whatever_order_they_are_drawn_in():
    from pipelines.read.prose import _prose_lines

    # guangdong-gztjj p6 draws "单位名称：… 单位：万元" before the title above it
    drawn = _line("单位名称:广州市统计局 单位:万元", 400) + _line("表1", 440) + _line("收支总体情况表", 420)
    assert _prose_lines(drawn) == ["表1", "收支总体情况表", "单位名称:广州市统计局 单位:万元"]
    # two lines side by side (overlapping heights) keep pdfium's order
    assert _prose_lines(_line("编制单位:X", 400) + _line("单位:元", 402, 400)) == ["编制单位:X", "单位:元"]


def test_a_prose_band_takes_only_the_characters_inside_it(monkeypatch):
    # a table's last row and the page number below it that pdfium breaks as one line: only the
    # page number is prose below the table (chongqing-ghzyj p13)
    import pipelines.read.prose as prose

    chars = [(ord(ch), 70, 60, 0, 0) for ch in "2200199 其他 105.00"] + [(ord(ch), 30, 20, 0, 0) for ch in "— 13 —"]
    table = prose.Region(500, 55, 0, 600, [["a", "b"]], "camelot-lattice")

    monkeypatch.setattr(prose, "_text_chars", lambda page, hide_clipped: chars)
    bands = prose.prose_bands(None, 600, 600, [table], "pdfium-text")
    assert [row for band in bands for row in band.rows] == [["— 13 —"]]
