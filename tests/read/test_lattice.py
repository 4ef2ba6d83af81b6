"""The native ruled-table reader (pipelines.read.lattice, lattice_rules): hand-drawn grids whose
cells camelot (tuned: vector lattice, split_text) reads as the oracle, the rule kinds it must see,
and real pages — the ones camelot's vector engine missed, the ones left to camelot, and whole real
files read cell for cell as camelot reads them."""

from __future__ import annotations

import ctypes
import io
import logging
import warnings
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipelines.read.borderless import Word
from pipelines.read.lattice import LatticeSettings, find_grids, read_grids
from pipelines.read.lattice_rules import Rules, ruled_lines
from pipelines.read.pdf import PdfSettings, _page_chars, camelot_tables, native_tables, open_pdf, read_pdf_pages, upright
from pipelines.textnorm import normalize_text

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
SETTINGS = LatticeSettings.load()

# A 3 × 3 grid; the header row has no rule between its first two columns (a merged cell).
XS, YS = [50.0, 150.0, 250.0, 350.0], [700.0, 680.0, 660.0, 640.0]
TEXTS = [("Income", 110, 686), ("Total", 260, 686), ("Wages", 60, 666), ("12.50", 160, 666), ("3.00", 260, 666),
         ("Rent", 60, 646), ("7.25", 260, 646)]
EXPECTED = [["Income", "", "Total"], ["Wages", "12.50", "3.00"], ["Rent", "", "7.25"]]


def _rules_of_grid() -> list[tuple[float, float, float, float]]:
    rules = [(XS[0], y, XS[-1], y) for y in YS]
    rules += [(x, YS[-1], x, YS[0]) for x in (XS[0], XS[2], XS[3])]
    rules.append((XS[1], YS[-1], XS[1], YS[1]))  # the merged header cell: no rule above row 2
    return rules


def _line(page, x0, y0, x1, y1):
    path = pdfium_c.FPDFPageObj_CreateNewPath(x0, y0)
    pdfium_c.FPDFPath_LineTo(path, x1, y1)
    pdfium_c.FPDFPath_SetDrawMode(path, 0, 1)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)


def _trapezoid(page, x0, y0, x1, y1, width=0.75):
    # a rule as guangdong-gztjj draws them: a thin filled quadrilateral with one bevelled end
    if y0 == y1:
        points = [(x0, y0 + width / 2), (x1, y0 + width / 2), (x1 - width, y0 - width / 2), (x0 + width, y0 - width / 2)]
    else:
        points = [(x0 - width / 2, y0), (x0 - width / 2, y1), (x0 + width / 2, y1 - width), (x0 + width / 2, y0 + width)]
    path = pdfium_c.FPDFPageObj_CreateNewPath(*points[0])
    for point in points[1:]:
        pdfium_c.FPDFPath_LineTo(path, *point)
    pdfium_c.FPDFPath_Close(path)
    pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_WINDING, 0)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)


def _text(document, page, text, x, y, size=10):
    font = pdfium_c.FPDFText_LoadStandardFont(document.raw, b"Helvetica")
    obj = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, size)
    wide = (text + "\0").encode("utf-16-le")
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(ctypes.c_char_p(wide), ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def grid_pdf(path: Path, draw=_line, texts=TEXTS) -> Path:
    document = pdfium.PdfDocument.new()
    page = document.new_page(400, 800)
    for rule in _rules_of_grid():
        draw(page, *rule)
    for text, x, y in texts:
        _text(document, page, text, x, y)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def native_rows(path: Path) -> list[list[list[str]]]:
    document = pdfium.PdfDocument(str(path))
    page = document[0]
    result = read_grids(page, _page_chars(page), SETTINGS)
    assert not result.reason, result.reason
    return [region.rows for region in result.regions]


def camelot_rows(path: Path, pages: str = "1") -> list[list[list[str]]]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        tables = camelot.read_pdf(str(path), pages=pages, suppress_stdout=True, **PdfSettings.load().lattice)
    return [[[cell.strip() for cell in row] for row in table.data] for table in tables]


def test_a_hand_drawn_grid_reads_as_camelot_reads_it_merged_header_cell_top_left(tmp_path):
    pdf = grid_pdf(tmp_path / "grid.pdf")
    assert native_rows(pdf) == [EXPECTED]
    assert camelot_rows(pdf) == [EXPECTED]  # the oracle


def test_rules_drawn_as_thin_filled_trapezoids_make_the_same_grid_camelot_sees_none_of(tmp_path):
    # guangdong-gztjj-2026-budget.pdf draws every rule so; camelot needed a 300 dpi rendering
    pdf = grid_pdf(tmp_path / "bevelled.pdf", draw=_trapezoid)
    assert native_rows(pdf) == [EXPECTED]
    assert camelot_rows(pdf) == []


def test_rule_kinds_lines_rectangle_edges_thin_fills_forms_and_not_curves_or_shading(tmp_path):
    document = pdfium.PdfDocument.new()
    inner = document.new_page(200, 200)
    _line(inner, 10, 10, 110, 10)  # stroked line
    rect = pdfium_c.FPDFPageObj_CreateNewRect(10, 50, 100, 40)  # stroked rectangle: four edges
    pdfium_c.FPDFPath_SetDrawMode(rect, 0, 1)
    pdfium_c.FPDFPage_InsertObject(inner.raw, rect)
    thin = pdfium_c.FPDFPageObj_CreateNewRect(150, 10, 0.5, 120)  # thin filled rectangle: its middle line
    pdfium_c.FPDFPath_SetDrawMode(thin, pdfium_c.FPDF_FILLMODE_WINDING, 0)
    pdfium_c.FPDFPage_InsertObject(inner.raw, thin)
    shade = pdfium_c.FPDFPageObj_CreateNewRect(10, 150, 100, 20)  # a shaded cell: no rule
    pdfium_c.FPDFPath_SetDrawMode(shade, pdfium_c.FPDF_FILLMODE_WINDING, 0)
    pdfium_c.FPDFPage_InsertObject(inner.raw, shade)
    curve = pdfium_c.FPDFPageObj_CreateNewPath(10, 120)  # a curve (a seal): no rule
    pdfium_c.FPDFPath_BezierTo(curve, 40, 140, 80, 140, 110, 120)
    pdfium_c.FPDFPath_SetDrawMode(curve, 0, 1)
    pdfium_c.FPDFPage_InsertObject(inner.raw, curve)
    pdfium_c.FPDFPage_GenerateContent(inner.raw)
    rules = ruled_lines(document[0])
    assert sorted(rules.horizontal) == [(10, 10, 110, 10), (10, 50, 110, 50), (10, 90, 110, 90)]
    assert sorted(rules.vertical) == [(10, 50, 10, 90), (110, 50, 110, 90), (150.25, 10, 150.25, 130)]
    assert (rules.curves, rules.filled_cells) == (1, 1)
    # the same drawing as a form XObject, scaled by a half and moved 300 pt right on another page
    outer = document.new_page(600, 200)
    form = document.page_as_xobject(0, document).as_pageobject()
    pdfium_c.FPDFPageObj_Transform(form.raw, 0.5, 0, 0, 0.5, 300, 0)
    outer.insert_obj(form)
    outer.gen_content()
    assert sorted(ruled_lines(document[1]).horizontal) == [(305, 5, 355, 5), (305, 25, 355, 25), (305, 45, 355, 45)]


def test_grids_need_more_than_four_crossings_and_spans_come_from_missing_inner_rules():
    lone = Rules([(0, 10, 100, 10), (0, 0, 100, 0)], [(0, 0, 0, 10)], 0, 0)  # 2 crossings: an L, no table
    assert find_grids(lone, SETTINGS) == []
    grid = find_grids(Rules(*_split(_rules_of_grid()), 0, 0), SETTINGS)[0]
    assert [round(top) for top, _ in grid.rows] == [700, 680, 660]
    assert grid.edges[0] == [(True, True), (False, True), (True, True)]  # "Income" spans two columns
    assert grid.edges[1][1] == (True, True)


def _split(rules):
    return [r for r in rules if r[1] == r[3]], [r for r in rules if r[0] == r[2]]


def test_a_page_the_native_reader_cannot_trust_is_left_to_camelot(tmp_path):
    pdf = grid_pdf(tmp_path / "grid.pdf")
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    chars = _page_chars(page)
    # a glyph pdfium cannot map (camelot reads "(cid:N)" there and the words reader takes the page)
    unmapped = Word("\ufffd", 60, 64, 644, 654, 10)
    assert read_grids(page, chars + [unmapped], SETTINGS).reason == "a character pdfium cannot map"
    # pdfium's 0x02 is a hyphen printed at the end of a text line: read as one
    hyphen = Word("\x02", 80, 84, 644, 654, 10)
    assert read_grids(page, chars + [hyphen], SETTINGS).regions[0].rows[2][0] == "Rent-"
    # text printed across the grid's rules (here a line over the rule at x = 250): the grid is not the text's
    across = Word("0", 247, 253, 644, 654, 10)
    assert read_grids(page, chars, SETTINGS).reason == ""
    assert read_grids(page, chars + [across], SETTINGS).reason == "1 of 34 characters printed across a rule"
    blank = pdfium.PdfDocument.new().new_page(400, 800)
    result = read_grids(blank, [], SETTINGS)
    assert result.rendered_only and result.reason == "no grid of crossing rules"


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_guangdong_gztjj_p6_bevelled_rules_read_without_rendering_9433_72():
    # p6 表1 收支总体情况表, checked by eye (pdftotext -layout): 一、预算拨款 9,433.72 | 一、一般公共服务支出
    # 8,295.28; 八、社会保障和就业支出 370.17. camelot's vector engine sees no rule on the page.
    path = REAL / "guangdong-gztjj-2026-budget.pdf"
    document = pdfium.PdfDocument(str(path))
    page = document[5]
    result = read_grids(page, _page_chars(page), SETTINGS)
    rows = result.regions[0].rows
    assert rows[2] == ["一、预算拨款", "9,433.72", "一、一般公共服务支出", "8,295.28"]
    assert rows[9][2:] == ["八、社会保障和就业支出", "370.17"]
    assert camelot_rows(path, "6") == []


def _normalized(regions) -> list[list[list[str]]]:
    return [[[normalize_text(cell) for cell in row] for row in region.rows] for region in regions]


# One real file per producer family, every ruled page: native cells equal camelot tuned's cells
# refilled with pdfium's characters (what the pipeline read before this reader), after the text
# normalisation every later stage applies.
@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
@pytest.mark.parametrize("name", [
    "shanghai-fulicaipiao-2026-budget.pdf",  # Microsoft: Print To PDF
    "jiangsu-zhengxie-tables-2018-budget.pdf",  # Microsoft Excel 2010
    "jiangsu-rendaban-tables-2019-budget.pdf",  # Acrobat Distiller, pages shown through /Rotate
    "chongqing-swu-2023-final.pdf",  # WPS 文字
])
def test_real_files_every_ruled_page_reads_as_camelot_reads_it(name):
    path = REAL / name
    data = path.read_bytes()
    document = open_pdf(name, data)
    turned = upright(document)
    if turned is not None:
        buffer = io.BytesIO()
        turned.save(buffer)
        document, data = turned, buffer.getvalue()
    from pipelines.read.pdf import classify_pages

    kinds, _ = classify_pages(document, PdfSettings.load())
    ruled = [kind.number for kind in kinds if kind.kind == "ruled"]
    native: dict = {}
    by_camelot, unseen = native_tables(document, ruled, native)
    assert not by_camelot and not unseen and len(native) == len(ruled) >= 6
    oracle = camelot_tables(data, ruled, PdfSettings.load().lattice, document)
    for number in ruled:
        assert _normalized(native[number]) == _normalized(oracle[number]), (name, number)


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_beijing_jxj_p39_hyphen_pdfium_reports_as_0x02_reads_as_the_printed_hyphen():
    # p39 项目支出绩效目标表, the 年度目标 cell ends its first printed line "一是提供5G-" (pdftotext -layout)
    path = REAL / "beijing-jxj-tables-2026-budget.pdf"
    pages = {page.number: page for page in read_pdf_pages(str(path), path.read_bytes())}
    tables = [region for region in pages[39].regions if region.is_table]
    assert {region.engine for region in tables} == {"pdfium-lattice"}
    assert any(cell == "一是提供5G-" for region in tables for row in region.rows for cell in row)
