"""Scanned pages: a damaged title identified by similarity (info title_fuzzy), a too damaged one not; OCR'd row
labels with a misread list number or noise are never keyed by chance.

The pages are hand-drawn as in tests/read/test_ocr_titles.py (PIL, Noto Serif CJK, an image-only PDF read by
Tesseract): the title printed with one character wrong stands for what OCR makes of a title.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.extract import extract_report
from pipelines.locate.tables import locate_tables
from pipelines.locate.titles import match_title
from pipelines.model import Line
from pipelines.normalize.layouts.name_rows import unlisted_item
from pipelines.read import ocr, read_document
from pipelines.reference import load_yaml
from tests.read.test_ocr_titles import _needs_tesseract, _scanned_page


def test_an_ocr_title_one_character_off_is_identified_a_vector_one_is_not():
    # 部门收支预算总表 with 支 read 山: 7 of 8 characters, ratio 0.875, under the 0.88 of text/vector lines
    assert match_title("2026年部门收山预算总表") is None
    match = match_title("2026年部门收山预算总表", ocr=True)
    assert (match.kind, match.alias, match.score) == ("summary", "部门收支预算总表", 0.875)
    # the lower threshold only identifies what a text line would not identify at all: a title its words name
    # (chongqing-ghzyj-2026 p11 scanned: 2026年部门收支总体情况表, 0.8 of 部门收支总表) reads as the vector one
    for text in ("收入支山决算总表", "2026年部门收支总体情况表", "2026年部门收入总体情况表"):
        assert match_title(text, ocr=True) == match_title(text) and match_title(text).score == 1.0


def test_an_ocr_title_too_damaged_or_too_short_is_not_identified():
    assert match_title("2026年部门收山预笪总表", ocr=True) is None  # two of 8 wrong: 0.75 < 0.8
    # shaanxi-xaajj-tables-2019 p3 scanned: OCR left '收支表' of 2019年部门综合预算收支总表; 0.857 of 收支总表,
    # but three characters are fewer than ocr.title_fuzzy_min_chars
    assert match_title("收支表", ocr=True) is None
    config = load_yaml("pdf_reader.yaml")["ocr"]
    assert 0.5 < config["title_fuzzy_min_ratio"] < 0.88 and config["title_fuzzy_min_chars"] > 3


def test_hand_drawn_scan_with_a_title_one_character_off_is_identified_with_the_finding(tmp_path):
    _needs_tesseract()
    path = _scanned_page(tmp_path / "scan.pdf", "2026年部门收山预算总表")
    (table,) = locate_tables(read_document(path).lines)
    assert table.kind == "summary" and table.money_unit == "yuan"
    report = extract_report(path)
    (finding,) = [f for result in report.tables for f in result.findings if f.check == "title_fuzzy"]
    assert finding.severity == "info" and finding.expected == "部门收支预算总表"
    assert finding.observed == "2026年部门收山预算总表" and "0.875" in finding.detail


def test_hand_drawn_scan_with_a_title_too_damaged_is_not_identified(tmp_path):
    _needs_tesseract()
    path = _scanned_page(tmp_path / "scan.pdf", "2026年部门收山预笪总表")
    assert locate_tables(read_document(path).lines) == []


def test_a_misread_list_number_opening_an_ocr_cell_is_mended():
    # guangdong-gztjj-2026 p7 scanned: "上、节能环保支出" (十、), "上一、城乡社区支出" (十一、) were keyed as
    # unlisted classes with 0.00 amounts
    config = load_yaml("pdf_reader.yaml")["ocr"]
    assert ocr.mended("上、节能环保支出", config) == "十、节能环保支出"
    assert ocr.mended("上一、城乡社区支出", config) == "十一、城乡社区支出"
    for text in ("上级补助收入", "上年结转", "上、"):  # a word, not a list number
        assert ocr.mended(text, config) == text


@pytest.mark.parametrize("path, keyed", [
    ("210 / x出 / 行政单位医疗", False),  # guangdong-szkab-2026 p16 scanned: 卫生健康支出 read "x出"
    ("20801 / 其他人力资源和社会保障管理事务支,", False),  # zhejiang-hzjtj-2026 p22 scanned
    ("224 / 二十三、其他支册", False),  # chongqing-swu-2023-final p9 scanned: 二十三、其他支出 (229), numbered as a 类
    ("20139 / 其他社会工作事务支出", True),  # zhejiang-hzjtj-2026 p22 scanned, as the original loads it
])
def test_an_ocr_row_is_keyed_as_an_unlisted_class_only_by_a_clean_name(path, keyed):
    scanned, vector = (Line(1, 1, "x", ("x",), engine) for engine in ("ocr-tesseract", "pdfium-lattice"))
    assert (unlisted_item("func", scanned, path) is not None) is keyed
    assert unlisted_item("func", vector, path) == "unlisted_func_class"  # vector rows as before


def _two_sided(engine: str, label: str):
    """guangdong-gztjj-2026 p6 (收支总体情况表, 万元) cut down: the expenditure side prints 类 by name only."""
    from pipelines.model import LocatedTable, ReportMeta
    from pipelines.normalize import normalize_table

    cells = (("收入", "", "支出", ""), ("项目", "预算", "项目", "预算"),
             ("一、预算拨款", "15.00", "一、一般公共服务支出", "10.00"), ("", "", label, "0.00"),
             ("", "", "二十三、其他支册", "5.00"), ("本年收入合计", "15.00", "本年支出合计", "15.00"))
    rows = tuple(Line(number, 1, "\t".join(row), row, engine) for number, row in enumerate(cells, 2))
    table = LocatedTable("summary", "收支总体情况表", 1, None, "wan_yuan", rows, (), False)
    return normalize_table(table, ReportMeta("广州市测试局", None, "广东省广州市", 2026, "budget", "unit", "wan_yuan"))


def test_scanned_class_rows_with_a_misread_number_or_name_are_not_keyed_by_chance():
    mended = ocr.mended("上、节能环保支出", load_yaml("pdf_reader.yaml")["ocr"])
    scanned = _two_sided("ocr-tesseract", mended)
    keys = {(f.func_code, f.item, f.amount) for f in scanned.facts}
    assert ("211", None, Decimal("0.00")) in keys and ("201", None, Decimal("10.00")) in keys
    assert not [key for key in keys if key[1] and key[1].startswith("unlisted")], keys
    assert [f.row_label for f in scanned.findings if f.check == "row_unmapped"] == ["二十三、其他支册"]
    # the same rows read from vector text: as before, the unknown name is a labelled row
    vector = _two_sided("pdfium-lattice", "上、节能环保支出")
    assert {f.line_label for f in vector.facts if f.item == "unlisted_func_class"} == {
        "201 / 上、节能环保支出", "201 / 上、节能环保支出 / 二十三、其他支册"}
