"""Identities of the coded rows no rule covered (issue 14: coded facts with verified null), each on a minimal
hand-placed table, holding as printed and failing when one cell is changed: TS12/TS13 (上海 财务收支预算总表,
支出方 by 类 and 用途), TS14/TS15 (西安 收支总表 支出方 by 经济分类), HI07 (北京 预算05表, 项 rows only)."""

from __future__ import annotations

import pytest

from tests.validate.test_identities_as_printed import load, results
from tests.validate.warehouse import DOC, one_document


@pytest.fixture()
def con(tmp_path):
    con = one_document(tmp_path / "w.duckdb")
    yield con
    con.close()


# shanghai-czkjzx-2026-budget.pdf p7 (元, here as printed): 一、一般公共服务支出 17,741,140 | 8,285,700 | 2,552,940 |
# 6,902,500; 二、社会保障和就业支出 2,056,660 | 2,042,500 | 14,160; 三、卫生健康支出 1,069,600 | 1,069,600;
# 四、住房保障支出 575,900 | 575,900; 支出总计 21,443,300 | 11,973,700 | 2,567,100 | 6,902,500
CZKJZX_P7 = [
    ("201", None, None, "budget", "17741140"), ("201", None, None, "personnel", "8285700"),
    ("201", None, None, "public_use", "2552940"), ("201", None, None, "project", "6902500"),
    ("208", None, None, "budget", "2056660"), ("208", None, None, "personnel", "2042500"),
    ("208", None, None, "public_use", "14160"),
    ("210", None, None, "budget", "1069600"), ("210", None, None, "personnel", "1069600"),
    ("221", None, None, "budget", "575900"), ("221", None, None, "personnel", "575900"),
    (None, None, "expenditure_grand_total", "budget", "21443300"),
    (None, None, "expenditure_grand_total", "personnel", "11973700"),
    (None, None, "expenditure_grand_total", "public_use", "2567100"),
    (None, None, "expenditure_grand_total", "project", "6902500"),
]


def test_ts12_shanghai_czkjzx_p7_expenditure_grand_total_is_the_sum_of_the_classes_per_column(con):
    load(con, "summary", CZKJZX_P7)
    assert results(con, "TS12") == [
        ("expenditure_grand_total budget", 21443300.0, 21443300.0, True),
        ("expenditure_grand_total personnel", 11973700.0, 11973700.0, True),
        ("expenditure_grand_total project", 6902500.0, 6902500.0, True),
        ("expenditure_grand_total public_use", 2567100.0, 2567100.0, True)]


def test_ts12_fails_when_a_class_cell_is_changed(con):
    load(con, "summary", [r if r[:4] != ("210", None, None, "personnel") else ("210", None, None, "personnel", "1069500")
                          for r in CZKJZX_P7])
    assert ("expenditure_grand_total personnel", 11973700.0, 11973600.0, False) in results(con, "TS12")


def test_ts13_shanghai_czkjzx_p7_each_class_row_total_is_personnel_public_use_and_project(con):
    load(con, "summary", CZKJZX_P7)
    rows = results(con, "TS13")
    assert ("201", 17741140.0, 17741140.0, True) in rows and ("expenditure_grand_total", 21443300.0, 21443300.0, True) in rows
    assert all(held for *_, held in rows) and len(rows) == 5


def test_ts13_fails_when_a_part_is_changed(con):
    load(con, "summary", [r if r[:4] != ("201", None, None, "project") else ("201", None, None, "project", "6902400")
                          for r in CZKJZX_P7])
    assert ("201", 17741140.0, 17741040.0, False) in results(con, "TS13")


# shaanxi-xaajj-tables-2019-budget.pdf p3 (万元): 1、人员经费和公用经费支出 2,022.39 = (1)工资福利支出 1,834.69 +
# (2)商品和服务支出 182.88 + (3)对个人和家庭的补助 4.82; 2、专项业务经费支出 1,620.98 = (2) 1,516.67 + (6)资本性支出 104.31
XAAJJ_P3 = [
    (None, None, "expenditure_basic", "amount", "2022.39"),
    (None, "301", None, "basic", "1834.69"), (None, "302", None, "basic", "182.88"), (None, "303", None, "basic", "4.82"),
    (None, None, "expenditure_project", "amount", "1620.98"),
    (None, "302", None, "project", "1516.67"), (None, "310", None, "project", "104.31"),
]


def test_ts14_ts15_shaanxi_xaajj_p3_use_lines_are_the_sum_of_their_econ_classes(con):
    load(con, "summary", XAAJJ_P3)
    assert results(con, "TS14") == [("expenditure_basic amount", 2022.39, 2022.39, True)]
    assert results(con, "TS15") == [("expenditure_project amount", 1620.98, 1620.98, True)]


def test_ts14_fails_when_a_class_is_changed(con):
    load(con, "summary", [r if r[:4] != (None, "303", None, "basic") else (None, "303", None, "basic", "14.82")
                          for r in XAAJJ_P3])
    assert results(con, "TS14") == [("expenditure_basic amount", 2022.39, 2032.39, False)]
    assert results(con, "TS15") == [("expenditure_project amount", 1620.98, 1620.98, True)]


# beijing-lvweiban-tables-2026-budget.pdf p5 (万元), 项目支出总数 | 扣除基建项目后预算数: 2130201 8.8692 | 8.8692,
# 2130202 243.69, 2130203 52.50, 2130205 2,557.50, 2130207 305.00, 2130299 1,016.09; 合计 4,183.6492 | 4,183.6492
LVWEIBAN_P5 = [
    (code, None, None, measure, amount)
    for code, amount in [("2130201", "8.8692"), ("2130202", "243.69"), ("2130203", "52.50"), ("2130205", "2557.50"),
                         ("2130207", "305.00"), ("2130299", "1016.09")]
    for measure in ("project", "project_excl_capital")
] + [(None, None, "total", "project", "4183.6492"), (None, None, "total", "project_excl_capital", "4183.6492")]


def test_hi07_beijing_lvweiban_p5_total_is_the_sum_of_items_whose_parents_are_not_printed(con):
    load(con, "gpb_expenditure", LVWEIBAN_P5)
    assert results(con, "HI07") == [("total project", 4183.65, 4183.65, True),
                                    ("total project_excl_capital", 4183.65, 4183.65, True)]


def test_hi07_counts_a_printed_kuan_not_its_items(con):
    # its 款 21302 printed over the six 项: the 款 is the root, its 项 are not counted again (not 8,367.30)
    load(con, "gpb_expenditure", LVWEIBAN_P5 + [("21302", None, None, "project", "4183.6492")])
    assert results(con, "HI07")[0] == ("total project", 4183.65, 4183.65, True)


def test_hi07_fails_when_an_item_is_lost_and_leaves_tables_with_classes_to_hi03(con):
    load(con, "gpb_expenditure", [r for r in LVWEIBAN_P5 if r[0] != "2130299"])
    assert results(con, "HI07") == [("total project", 4183.65, 3167.56, False),
                                    ("total project_excl_capital", 4183.65, 3167.56, False)]


def test_hi07_yields_nothing_for_a_table_that_prints_its_classes(con):
    load(con, "gpb_expenditure", LVWEIBAN_P5 + [("213", None, None, "project", "4183.6492")])
    assert results(con, "HI07") == []


def test_hi07_leaves_a_table_with_an_unloaded_row_uncompared(con):
    """北京 预算05表 prints one block of 项 per unit with no unit name: the repeated codes are not loaded (finding
    extract.code_repeated), so Σ roots is short of 合计 by a coverage gap, not by a break of the report — the
    loaded rows must not be marked broken. Here the lost 2130299 row stands for such a gap."""
    load(con, "gpb_expenditure", [r for r in LVWEIBAN_P5 if r[0] != "2130299"])
    con.execute("insert into dq_results (document_id, \"check\", severity, passed, detail, table_kind, source_page, "
                "source_line, recorded_at) values (?, 'extract.code_repeated', 'error', false, 'printed twice', "
                "'gpb_expenditure', 1, 5, now())", [DOC])
    assert results(con, "HI07") == []


# zhejiang-hzjtj-2026-budget.pdf p28 表4 财政拨款收支预算总表 (checked by eye): 一、财政拨款 636,376.38 (一般公共预算
# 414,883.38, 政府性基金预算 221,493.00), 二、上年结转结余 17,858.84 (17,680.93 + 177.92 — the report's own rounding,
# 0.01 short), 收入总计 654,235.22; no 本年收入合计 row is printed.
HZJTJ_P28 = [
    (None, None, "fiscal_grant", "amount", "636376.38"), (None, None, "general_public_budget_grant", "amount", "414883.38"),
    (None, None, "gov_fund_grant", "amount", "221493.00"), (None, None, "carryover_begin", "amount", "17858.84"),
    (None, None, "carryover_begin_gpb", "amount", "17680.93"), (None, None, "carryover_begin_gov_fund", "amount", "177.92"),
    (None, None, "income_grand_total", "amount", "654235.22"),
]


def test_ts02_counts_the_income_parts_where_no_income_total_is_printed(con):
    load(con, "fiscal_summary", HZJTJ_P28)
    assert results(con, "TS02") == [("income_grand_total amount", 654235.22, 654235.22, True)]


def test_ts02_counts_a_printed_income_total_not_its_parts_again(con):
    load(con, "fiscal_summary", HZJTJ_P28 + [(None, None, "income_total", "amount", "636376.38")])
    assert results(con, "TS02") == [("income_grand_total amount", 654235.22, 654235.22, True)]


def test_ts02_fails_when_a_part_is_misread(con):
    load(con, "fiscal_summary", [r if r[2] != "fiscal_grant" else (None, None, "fiscal_grant", "amount", "636367.38")
                                 for r in HZJTJ_P28])
    assert results(con, "TS02") == [("income_grand_total amount", 654235.22, 654226.22, False)]
