"""Coded tables printed as anonymous blocks, one per subordinate unit with no unit named (layouts/anonymous_blocks.py):
a hand-placed two-block table, the ambiguous cases that keep code_repeated, then 北京 预算05表 of two real reports
(../shared/real, read in place; figures checked by eye on the page: pdftotext -layout)."""

from decimal import Decimal
from functools import lru_cache

from pipelines.extract import extract_report
from tests.normalize.real_pages import REAL, needs_real
from tests.normalize.tables import located, normalize

HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
TWO_BLOCKS = (HEADER,
              ("2010601", "行政运行", "10.00", "10.00", ""),
              ("2010602", "一般行政管理事务", "5.00", "", "5.00"),
              ("2080505", "机关事业单位基本养老保险缴费支出", "3.00", "3.00", ""),
              ("2010601", "行政运行", "7.00", "7.00", ""),  # the code order restarts: the second block
              ("2080505", "机关事业单位基本养老保险缴费支出", "2.00", "2.00", ""),
              ("", "合计", "27.00", "22.00", "5.00"))


@lru_cache(maxsize=None)
def real_05(name: str):
    """The 预算05表 of a real report as the pipeline reads it (located by its title, the report's unit)."""
    return next(t for t in extract_report(REAL / name).tables if t.table.kind == "gpb_expenditure")


def keyed(result, measure="total"):
    return {(f.func_code or f.item, f.line_label): f.amount for f in result.facts if f.measure == measure}


def test_two_blocks_load_every_row_keyed_by_its_block_for_the_reports_unit():
    result = normalize(located(TWO_BLOCKS, "gpb_expenditure"))
    assert keyed(result) == {("2010601", "第1块"): Decimal("10.00"), ("2010602", "第1块"): Decimal("5.00"),
                             ("2080505", "第1块"): Decimal("3.00"), ("2010601", "第2块"): Decimal("7.00"),
                             ("2080505", "第2块"): Decimal("2.00"), ("total", None): Decimal("27.00")}
    assert keyed(result, "project") == {("2010602", "第1块"): Decimal("5.00"), ("total", None): Decimal("5.00")}
    assert {(f.unit_name, f.unit_code, f.scope) for f in result.facts} == {(None, None, None)}  # the report's unit
    assert {f.row_label for f in result.facts if f.func_code == "2010601"} == {"行政运行"}
    [blocks] = [f for f in result.findings if f.check == "blocks_by_position"]
    assert blocks.severity == "info" and blocks.observed == "2" and "第2块" in blocks.detail
    assert not [f for f in result.findings if f.check in ("code_repeated", "duplicate_key", "value_restated")]


def test_a_code_printed_once_in_a_block_table_is_keyed_by_its_block_too():
    # 2010602 is printed in block 1 only: block 1's figure, not the department's whole
    result = normalize(located(TWO_BLOCKS, "gpb_expenditure"))
    assert [f.line_label for f in result.facts if f.func_code == "2010602"] == ["第1块", "第1块"]


def test_a_repeat_inside_one_block_keeps_code_repeated_and_guesses_nothing():
    rows = (HEADER, ("2010601", "行政运行", "10.00", "10.00", ""), ("2010601", "行政运行", "7.00", "7.00", ""),
            ("2010602", "一般行政管理事务", "5.00", "", "5.00"), ("", "合计", "22.00", "17.00", "5.00"))
    result = normalize(located(rows, "gpb_expenditure"))
    assert keyed(result) == {("2010602", None): Decimal("5.00"), ("total", None): Decimal("22.00")}
    assert [f.check for f in result.findings if f.check in ("code_repeated", "blocks_by_position")] == ["code_repeated"]


def test_codes_out_of_order_but_never_repeated_are_no_blocks():
    # a table printed out of code order (2080505 before 2010601) with no code twice: one set of rows, as printed
    rows = (HEADER, ("2080505", "机关事业单位基本养老保险缴费支出", "3.00", "3.00", ""),
            ("2010601", "行政运行", "10.00", "10.00", ""), ("", "合计", "13.00", "13.00", ""))
    result = normalize(located(rows, "gpb_expenditure"))
    assert keyed(result) == {("2080505", None): Decimal("3.00"), ("2010601", None): Decimal("10.00"),
                             ("total", None): Decimal("13.00")}
    assert not [f for f in result.findings if f.check == "blocks_by_position"]


def test_a_table_with_a_unit_column_is_read_by_its_units_not_by_blocks():
    rows = (("预算单位", "科目编码", "科目名称", "合计"), ("某某局(本级)", "", "", "10.00"), ("", "2010601", "行政运行", "10.00"),
            ("某某中心", "", "", "7.00"), ("", "2010601", "行政运行", "7.00"))
    result = normalize(located(rows, "gpb_expenditure"))
    assert {(f.unit_name, f.func_code, f.line_label) for f in result.facts if f.func_code} == {
        (None, "2010601", None), ("某某中心", "2010601", None)}


@needs_real
def test_jxj_gpb_expenditure_p8_p10_ten_blocks():
    # beijing-jxj-tables-2026-budget.pdf p8–p10 预算05表, checked by eye: block 1 opens with 2050803 培训支出 103.575000
    # (基本 47.000000, 项目 56.575000) and ends with 2240699 其他自然灾害防治支出 12,836.000000; block 2 opens with
    # 2050803 培训支出 8.800000 (基本 0.300000 公用经费 0.300000, 项目 8.500000); p10 the last (10th) block is 2120399
    # 其他城乡社区公共设施支出 1.750000 alone (after 2210203 购房补贴 219.161736); 合计 588,469.365743, 基本支出
    # 22,493.566888, 项目支出总数 565,975.798855
    result = real_05("beijing-jxj-tables-2026-budget.pdf")
    total = keyed(result)
    assert total[("2050803", "第1块")] == Decimal("103.575000")
    assert total[("2240699", "第1块")] == Decimal("12836.000000")
    assert total[("2050803", "第2块")] == Decimal("8.800000")
    assert keyed(result, "public_use")[("2050803", "第2块")] == Decimal("0.300000")
    assert keyed(result, "project")[("2050803", "第2块")] == Decimal("8.500000")
    assert total[("2120399", "第10块")] == Decimal("1.750000")
    assert total[("total", None)] == Decimal("588469.365743")
    # the blocks add up to the department's 合计, column by column
    for measure, printed in (("total", "588469.365743"), ("basic", "22493.566888"), ("project", "565975.798855")):
        rows = keyed(result, measure)
        assert sum(v for (code, _), v in rows.items() if code != "total") == rows[("total", None)] == Decimal(printed)
    assert [f.observed for f in result.findings if f.check == "blocks_by_position"] == ["10"]
    assert not [f for f in result.findings if f.check in ("code_repeated", "duplicate_key")]


@needs_real
def test_czj_gpb_expenditure_p9_two_blocks():
    # beijing-czj-tables-2026-budget.pdf p9 预算05表, checked by eye: 2010601 行政运行 10,096.054007 (block 1, after it
    # 2010602 … 2299999 其他支出 792.644000) then 2010601 行政运行 7,239.974050 (block 2, … 2101103 公务员医疗补助
    # 256.593960); 2010603 机关服务 1,490.574000 once, in block 2; 合计 44,169.357532, 扣除基建 16,153.099211
    result = real_05("beijing-czj-tables-2026-budget.pdf")
    total = keyed(result)
    assert total[("2010601", "第1块")] == Decimal("10096.054007")
    assert total[("2010601", "第2块")] == Decimal("7239.974050")
    assert total[("2299999", "第1块")] == Decimal("792.644000")
    assert keyed(result, "project")[("2010603", "第2块")] == Decimal("1490.574000")
    assert keyed(result, "project_excl_capital")[("total", None)] == Decimal("16153.099211")
    assert keyed(result, "basic")[("total", None)] == Decimal("28016.258321")
    assert sum(v for (code, _), v in total.items() if code != "total") == total[("total", None)] == Decimal("44169.357532")
    assert [f.observed for f in result.findings if f.check == "blocks_by_position"] == ["2"]
    assert not [f for f in result.findings if f.check in ("code_repeated", "duplicate_key")]
