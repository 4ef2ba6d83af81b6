"""Scanned pages: the title band above a table, the 单位 line beside 编制单位, chi_sim's 支→文, 元 printed whole.

A hand-drawn page (PIL, Noto Serif CJK) made an image-only PDF as a scanner does, and one real page
(shanghai-fulicaipiao-2026 p8, 收入预算总表 in 元) scanned at test time in tmp_path: before this, the
title and "单位：元" came out of the automatic layout as Latin noise ("Si=Pfc:上海7 HHA A Ss ATT") and no
table was found on either.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipelines.extract import extract_report
from pipelines.locate.tables import locate_tables
from pipelines.read import ocr, read_document
from pipelines.read.ocr_lines import split_at_gaps
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT))
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
REAL = ROOT.parent / "shared" / "real"


def _needs_tesseract():
    if ocr.tesseract_problem("chi_sim+eng"):
        pytest.skip(ocr.tesseract_problem("chi_sim+eng"))


def _word(text, left, width, top=100, height=30):
    return {"text": text, "left": left, "width": width, "top": top, "height": height, "x": left + width / 2,
            "y": top + height / 2, "conf": 90.0}


def test_a_row_is_cut_where_words_stand_further_apart_than_three_text_heights():
    row = [_word("编制单位:", 100, 150), _word("上海市X中心", 260, 200), _word("单位:元", 2000, 100)]
    assert [[w["text"] for w in piece] for piece in split_at_gaps(row, 3)] == [["编制单位:", "上海市X中心"], ["单位:元"]]
    assert len(split_at_gaps(row[:2], 3)) == 1  # a 10 px gap (a space) joins


def _scanned_page(path: Path, title: str) -> Path:
    """An A4 landscape page at 200 dpi: a large title, 编制单位 at the left and 单位：元 at the right on one row,
    a ruled 3 × 3 table (项目 | 本年收入 | 本年支出), saved as an image-only PDF."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip(f"no CJK font at {FONT}")
    width, height = 2339, 1654
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(str(FONT), 52), ImageFont.truetype(str(FONT), 30)
    draw.text((700, 200), title, font=big, fill=0)
    draw.text((160, 300), "编制单位：上海市测试中心", font=small, fill=0)
    draw.text((2000, 300), "单位：元", font=small, fill=0)
    xs, ys = [150, 900, 1500, 2150], [380, 460, 540, 620]
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for row, cells in enumerate((("项目", "本年收入", "本年支出"), ("一般公共预算", "1,250,000", "1,250,000"),
                                 ("合计", "1,250,000", "1,250,000"))):
        for column, text in enumerate(cells):
            draw.text((xs[column] + 20, ys[row] + 20), text, font=small, fill=0)
    document = pdfium.PdfDocument.new()
    page = document.new_page(width * 72 / 200, height * 72 / 200)
    bitmap = pdfium.PdfBitmap.from_pil(image.convert("RGB"))
    picture = pdfium.PdfImage.new(document)
    picture.set_bitmap(bitmap)
    picture.set_matrix(pdfium.PdfMatrix().scale(width * 72 / 200, height * 72 / 200))
    page.insert_obj(picture)
    page.gen_content()
    document.save(str(path))
    document.close()
    return path


def test_hand_drawn_scan_with_a_damaged_title_is_located_with_its_money_unit(tmp_path):
    # the title printed with 收文 for 收支 stands for chi_sim's misreading of 支 (jiangsu-rendaban 2019 p1
    # scanned read "收文预算总表"); the 单位：元 at the right of 编制单位 is a line of its own
    _needs_tesseract()
    source = read_document(_scanned_page(tmp_path / "scan.pdf", "2026年预算单位收文预算总表"))
    assert {line.engine for line in source.lines} == {"ocr-tesseract"}
    texts = [line.text for line in source.lines if not line.is_row]
    assert "单位:元" in texts or "单位：元" in texts
    (table,) = locate_tables(source.lines)
    assert table.kind == "summary" and table.money_unit == "yuan"
    assert table.title == "2026年预算单位收支预算总表"


@pytest.fixture(scope="module")
def fulicaipiao_p8(tmp_path_factory):
    _needs_tesseract()
    from tools.render.producers import scanned_pdf

    original = REAL / "shanghai-fulicaipiao-2026-budget.pdf"
    if not original.exists():
        pytest.skip("../shared/real is not beside the project")
    scanned = scanned_pdf(original, tmp_path_factory.mktemp("scan") / "fulicaipiao-p8.pdf", [8])
    return extract_report(original), extract_report(scanned)


def test_fulicaipiao_p8_scanned_income_table_reads_as_the_original(fulicaipiao_p8):
    # p8 收入预算总表, 单位：元, row 229 08 04 福利彩票销售机构的业务费支出 215,020,000 (checked by eye): 21502 万元
    original, scanned = fulicaipiao_p8

    def facts(report):
        return sorted(((f.table_kind, f.func_code, f.measure, f.amount) for f in report.facts if f.source_page == 8), key=str)

    assert facts(scanned) == facts(original)
    assert ("income", "2290804", "fiscal_grant") in {(k, c, m) for k, c, m, a in facts(scanned) if a == 21502}
    assert {f.extraction for f in scanned.facts if f.source_page == 8} == {"ocr-tesseract"}


def test_a_scanned_table_without_its_unit_line_takes_the_report_unit_only_when_the_report_states_one():
    from pipelines.extract import _meta_for
    from pipelines.model import Line, LocatedTable, ReportMeta

    def table(unit, engine):
        row = Line(1, 1, "合计\t1,250,000", ("合计", "1,250,000"), engine)
        return LocatedTable("income", "收入预算总表", 1, None, unit, (row,), (), False)

    meta = ReportMeta("上海市测试中心", None, "上海市", 2026, "budget", "unit", "yuan")
    scanned, vector = table(None, "ocr-tesseract"), table(None, "pdfium-lattice")
    same = [scanned, table("yuan", "pdfium-lattice"), table("yuan", "pdfium-lattice")]
    mixed = [scanned, table("yuan", "pdfium-lattice"), table("wan_yuan", "pdfium-lattice")]  # 三公 in 万元
    assert _meta_for(scanned, meta, same).money_unit == "yuan"
    assert _meta_for(scanned, meta, mixed).money_unit is None  # not loaded: never a guess
    assert _meta_for(vector, meta, mixed).money_unit == "yuan"  # vector tables as before
