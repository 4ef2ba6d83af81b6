"""The same page drawn by another producer reads the same (issue 14: reports nobody showed us come from
WPS, Word, Excel, iText, Aspose, OFD converters, print drivers …). Variants are made at test time
(tools/render/producers; bench/producer_variants.py runs them over the whole real corpus): a page
stored with a /Rotate it needs or not, its content drawn turned on a page of the shown size (what a
converter that applies /Rotate emits), and poppler's cairo backend (pdftocairo), which strokes the
outlines of text drawn bold and breaks text into other objects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipelines.read.lattice_rules import ruled_lines
from pipelines.read.orientation import text_turn, upright
from pipelines.read.pdf import read_pdf_pages
from pipelines.read.prose import _prose_lines
from pipelines.textnorm import normalize_text
from tests.read.test_lattice import EXPECTED, grid_pdf, native_rows
from tools.render.producers import cairo_pdf, rotated_pdf

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
needs_cairo = pytest.mark.skipif(shutil.which("pdftocairo") is None, reason="needs poppler's pdftocairo")


def _drawn_turned(pdf: Path, out: Path, degrees: int) -> Path:
    """pdf's first page drawn turned `degrees` clockwise on a page of the turned size, no /Rotate
    (what a converter that applies /Rotate itself writes), made with pdfium alone."""
    source, target = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument.new()
    width, height = source[0].get_size()
    matrix = {90: (0, -1, 1, 0, 0, width), 180: (-1, 0, 0, -1, width, height), 270: (0, 1, -1, 0, height, 0)}[degrees]
    form = source.page_as_xobject(0, target).as_pageobject()
    form.transform(pdfium.PdfMatrix(*matrix))
    page = target.new_page(*((height, width) if degrees != 180 else (width, height)))
    page.insert_obj(form)
    page.gen_content()
    target.save(str(out))
    return out


def _tables(path: Path, number: int = 1) -> list[list[list[str]]]:
    pages = {page.number: page for page in read_pdf_pages(str(path), path.read_bytes())}
    return [[[normalize_text(cell) for cell in row] for row in region.rows]
            for region in pages[number].regions if region.is_table]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_grid_page_given_a_rotate_it_does_not_need_reads_upright(degrees, tmp_path):
    # content upright in its own space, shown turned by /Rotate: the characters say how to read it
    shown = rotated_pdf(grid_pdf(tmp_path / "grid.pdf"), tmp_path / "shown.pdf", degrees)
    document = pdfium.PdfDocument(str(shown))
    assert (document[0].get_rotation(), text_turn(document[0])) == (degrees, 0)
    assert _tables(shown) == [EXPECTED]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_grid_page_whose_content_is_drawn_turned_without_rotate_reads_upright(degrees, tmp_path):
    turned = _drawn_turned(grid_pdf(tmp_path / "grid.pdf"), tmp_path / "turned.pdf", degrees)
    document = pdfium.PdfDocument(str(turned))
    assert (document[0].get_rotation(), text_turn(document[0])) == (0, (-degrees) % 360)
    fixed = upright(document)
    assert fixed[0].get_size() == (400, 800) and text_turn(fixed[0]) == 0
    assert _tables(turned) == [EXPECTED]


def test_an_upright_page_without_rotate_is_left_as_it_is(tmp_path):
    document = pdfium.PdfDocument(str(grid_pdf(tmp_path / "grid.pdf")))
    assert upright(document) is None


def test_a_path_with_curves_draws_no_rule_not_even_its_straight_pieces(tmp_path):
    # pdftocairo draws text the producer made bold (fill + stroke) as the glyphs plus a stroked path
    # of their outlines: curves and, for a "口", a tiny rectangle. On the grid's rule at y = 680 that
    # rectangle's sides crossed it and split the "Income" cell into more columns.
    pdf = grid_pdf(tmp_path / "grid.pdf")
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    outline = pdfium_c.FPDFPageObj_CreateNewPath(112, 676)
    pdfium_c.FPDFPath_BezierTo(outline, 114, 679, 116, 679, 118, 676)  # a curved stroke of a glyph
    for x, y in [(120, 678), (124, 678), (124, 683), (120, 683)]:  # "口": a closed little rectangle
        (pdfium_c.FPDFPath_MoveTo if (x, y) == (120, 678) else pdfium_c.FPDFPath_LineTo)(outline, x, y)
    pdfium_c.FPDFPath_Close(outline)
    pdfium_c.FPDFPath_SetDrawMode(outline, 0, 1)
    pdfium_c.FPDFPage_InsertObject(page.raw, outline)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    rules = ruled_lines(page)
    assert rules.curves == 1 and not [v for v in rules.vertical if 119 < v[0] < 125]
    document.save(str(tmp_path / "outlined.pdf"))
    assert native_rows(tmp_path / "outlined.pdf") == [EXPECTED]


def test_a_line_pdfium_breaks_between_glyphs_side_by_side_is_mended():
    # (code, top, bottom, left, right) as prose._text_chars gives them; 10 = pdfium's line break
    def line(text, left, top=748.0, bottom=722.0, step=26.0):
        return [(ord(ch), top, bottom, left + i * step, left + (i + 1) * step) for i, ch in enumerate(text)] + [
            (10, 0.0, 0.0, 0.0, 0.0)]

    title = line("“三公", 231.0) + line("”经费支出预算表", 309.0)
    assert _prose_lines(title) == ["“三公”经费支出预算表"]
    # broken where the font changes, a space's width apart (jiangsu-szsjj p18 turned by pdftocairo)
    assert _prose_lines(line("公开 09", 40.0) + line("表", 40.0 + 5 * 26.0 + 10.0)) == ["公开 09 表"]
    # beside each other but apart (a form's fields), or one below the other: pdfium's lines stand
    assert _prose_lines(line("部门：", 40.0) + line("单位：万元", 600.0)) == ["部门：", "单位：万元"]
    assert _prose_lines(line("公开表九", 40.0) + line("部门：", 40.0, 700.0, 674.0)) == ["公开表九", "部门："]


@needs_cairo
@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_jiangsu_rendaban_2019_p1_printed_by_pdftocairo_reads_cell_for_cell_as_the_original(tmp_path):
    # p1 公开表一 收支预算总表, 27 rows × 6 columns (checked by eye: 一、财政拨款 18,330.37 | 一、一般公共服务
    # 支出 13,907.78 | 一、基本支出 9,312.90). pdftocairo strokes its bold header glyphs' outlines: their
    # straight pieces made a 12-column grid, "功 | 能科 | 目 | 名称金额", and the page went to camelot.
    path = REAL / "jiangsu-rendaban-tables-2019-budget.pdf"
    original = _tables(path)
    assert original[0][3] == ["一、财政拨款", "18,330.37", "一、一般公共服务支出", "13,907.78", "一、基本支出", "9,312.90"]
    printed = cairo_pdf(path, tmp_path / "p1.pdf", first=1, last=1)
    assert _tables(printed) == original


@needs_cairo
@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/real")
def test_jiangsu_rendaban_2019_p9_turned_and_printed_by_pdftocairo_keeps_its_title_and_rows(tmp_path):
    # p9 公开表九 “三公”经费、会议费、培训费支出预算表 (row 4: 2,600.71 | 767.60 | 199.25 | 183.60 | | 183.60 |
    # 384.75 | 1,469.73 | 363.38). The page (stored turned, shown upright by /Rotate 90) shown a quarter
    # more and printed by pdftocairo: its text runs top to bottom on a portrait page with no /Rotate;
    # pdfium broke the title before "”经费" there, and the table was not found.
    path = REAL / "jiangsu-rendaban-tables-2019-budget.pdf"
    shown = rotated_pdf(path, tmp_path / "shown.pdf", 90, pages=[9])
    variant = cairo_pdf(shown, tmp_path / "p9-turned.pdf", first=9, last=9)
    document = pdfium.PdfDocument(str(variant))
    assert (document[0].get_rotation(), text_turn(document[0])) == (0, 270)
    original, turned = read_pdf_pages(str(path), path.read_bytes())[8], read_pdf_pages(str(variant), variant.read_bytes())[0]
    prose = [normalize_text(row[0]) for region in turned.regions if not region.is_table for row in region.rows]
    assert "“三公”经费、会议费、培训费支出预算表" in prose, prose
    rows = [[[normalize_text(c) for c in row] for row in region.rows] for region in original.regions if region.is_table]
    assert rows[0][3][:4] == ["2,600.71", "767.60", "199.25", "183.60"]
    assert _tables(variant) == rows


@pytest.mark.parametrize("degrees", [90, 270])
def test_text_clipped_to_its_cell_keeps_its_clipping_when_the_page_is_read_turned(degrees, tmp_path):
    # a spreadsheet printer's clipped cells (tests/read/test_clipped_text.py) drawn turned on a
    # landscape page through a "cm", as pdftocairo prints a page it applied /Rotate to. Read upright,
    # the page is a form of itself, and its text objects' clippings are in the form's coordinates:
    # taken as the page's, no glyph matched its clipping and the label running on under the amount
    # cell was glued to the amount ("Personnel-and-office-" | "expenses2,022.39").
    from tests.read.test_clipped_text import CELLS, XS, YS, write_pdf

    rules = [f"{XS[0]} {y} m {XS[-1]} {y} l S" for y in YS] + [f"{x} {YS[-1]} m {x} {YS[0]} l S" for x in XS]
    texts = [f"q {XS[col]} {YS[row + 1]} {XS[col + 1] - XS[col]} {YS[row] - YS[row + 1]} re W n "
             f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET Q" for row, col, text, x, y in CELLS]
    turn = {90: "0 -1 1 0 0 400", 270: "0 1 -1 0 800 0"}[degrees]  # the 400 x 800 page's content turned
    stream = f"q {turn} cm 0.5 w {' '.join(rules)} {' '.join(texts)} Q".encode()
    pdf = write_pdf(tmp_path / "turned.pdf", stream)
    pdf.write_bytes(pdf.read_bytes().replace(b"/MediaBox [0 0 400 800]", b"/MediaBox [0 0 800 400]"))
    document = pdfium.PdfDocument(str(pdf))
    assert (document[0].get_size(), text_turn(document[0])) == ((800, 400), (-degrees) % 360)
    assert _tables(pdf) == [[["Item", "Budget", "Economic-classification"],
                             ["Personnel-and-office-expenses", "2,022.39", "1.00"], ["tail", "", "3.00"]]]


@pytest.mark.skipif(not REAL.is_dir() or shutil.which("tesseract") is None, reason="needs ../shared/real and Tesseract")
def test_a_scanned_title_chi_sim_eng_reads_as_latin_noise_is_read_again_by_chi_sim(tmp_path):
    # shanghai-fulicaipiao-2026 p7 as a 200 dpi scan: its bold title 2026年预算单位财务收支预算总表 came out
    # of the prose OCR (chi_sim+eng) as "202655 Fa FE ALIA 55 WSC PGE"; read again alone by chi_sim it is
    # Chinese again (still OCR: "2026年预算单位财务收文预算，" on this machine)
    from tools.render.producers import scanned_pdf

    scan = scanned_pdf(REAL / "shanghai-fulicaipiao-2026-budget.pdf", tmp_path / "scan.pdf", [7])
    page = read_pdf_pages(str(scan), scan.read_bytes())[6]
    prose = [region.rows[0][0] for region in page.regions if not region.is_table]
    assert "2026年预算单位财务" in prose[0], prose


def test_a_glyph_whose_clipping_is_a_sliver_shows_nothing_and_joins_no_cell(tmp_path):
    # pdftocairo clips each glyph to what its cell shows: the "险" of shaanxi-xakjj p48's label
    # "机关事业单位基本养老保险", running on under the next cell, got a clipping 0.04 pt wide past the
    # rule, and was read into the next cell ("险50102", a code no longer). Here "Z", drawn in the
    # amount cell's row through a 0.04 pt clipping just right of the rule at x = 150.
    from tests.read.test_clipped_text import CELLS, XS, YS, write_pdf

    rules = [f"{XS[0]} {y} m {XS[-1]} {y} l S" for y in YS] + [f"{x} {YS[-1]} m {x} {YS[0]} l S" for x in XS]
    texts = [f"q {XS[col]} {YS[row + 1]} {XS[col + 1] - XS[col]} {YS[row] - YS[row + 1]} re W n "
             f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET Q" for row, col, text, x, y in CELLS]
    sliver = "q 150.0 660 0.04 20 re W n BT /F1 10 Tf 146 666 Td (Z) Tj ET Q"
    pdf = write_pdf(tmp_path / "sliver.pdf", f"0.5 w {' '.join(rules)} {' '.join(texts)} {sliver}".encode())
    assert _tables(pdf)[0][1] == ["Personnel-and-office-expenses", "2,022.39", "1.00"]
