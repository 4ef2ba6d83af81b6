"""Columns and rows of budget tables the vocabulary did not name (issue 14): a lone unlabelled row of
amounts is the table's total, a generic 金额 under a label takes the label's measure, a figure under the
previous year's label is that year's, 增减 columns are derived (not loaded, not a gap), a column headed by
the table's own subject is its total, and a row whose split code columns collapsed on a continuation page
is read under the header's columns. Minimal hand-placed cases, then the real pages (../shared/real, read
in place; figures checked by eye on the page as pdftotext -layout renders it)."""

from decimal import Decimal

from pipelines.load.coverage import derived_cells, printed_amount_cells, table_amount_cells
from tests.normalize.real_pages import needs_real, real_document, real_table
from tests.normalize.test_unit_rows import page_table, table


def pages_table(name, first, last, kind, year, stage):
    rows = [line.number for line in real_document(name).lines if first <= line.page <= last and line.is_row]
    return real_table(name, rows[0], rows[-1], kind, "wan_yuan", year=year, stage=stage)


def by_key(result):
    return {(f.func_code or f.item, f.measure): f.amount for f in result.facts}


def test_a_lone_row_of_amounts_under_the_header_is_the_total():
    rows = (("合计", "本年收入", "", "上年结转结余"), ("", "小计", "一般公共预算资金", "小计"),
            ("12.50", "10.00", "10.00", "2.50"))
    result = table(rows, kind="income")
    assert by_key(result) == {("total", "total"): Decimal("12.50"), ("total", "income"): Decimal("10.00"),
                              ("total", "gpb"): Decimal("10.00"), ("total", "carryover_begin"): Decimal("2.50")}
    assert not [f for f in result.findings if f.severity == "error"]


def test_two_unlabelled_rows_are_not_taken_for_totals():
    rows = (("合计", "一般公共预算资金"), ("12.50", "10.00"), ("3.00", "3.00"))
    result = table(rows, kind="income")
    assert not result.facts


def test_a_generic_amount_word_takes_its_group_and_increments_are_derived():
    rows = (("科目编码", "科目名称", "合计", "事业收入", "", "使用非财政拨款结余", "比上年增减额", "增减(%)"),
            ("", "", "", "金额", "其中:教育收费", "", "", ""),
            ("205", "教育支出", "9.00", "6.00", "2.00", "3.00", "1.00", "12.5%"))
    result = table(rows, kind="income")
    assert by_key(result) == {("205", "total"): Decimal("9.00"), ("205", "business_income"): Decimal("6.00"),
                              ("205", "special_account_tuition"): Decimal("2.00"),
                              ("205", "non_fiscal_balance_used"): Decimal("3.00")}
    derived = [f for f in result.findings if f.check == "column_derived"]
    assert len(derived) == 2 and derived[0].observed == "1"
    # the derived cells are printed but no gap: coverage counts the four loaded ones
    assert printed_amount_cells(result.table) - derived_cells(result) == table_amount_cells(result) == 4
    assert not any(f.check == "column_unmapped" for f in result.findings)


def test_a_figure_under_the_previous_years_label_is_the_previous_years():
    rows = (("科目编码", "科目名称", "2025年执行数", "", "2026年预算数", ""),
            ("", "", "执行数", "扣除中央基建投资后执行数", "小计", "扣除中央基建投资后预算数"),
            ("2014001", "行政运行", "5.00", "4.00", "6.00", "5.50"))
    result = table(rows, kind="gpb_expenditure")
    assert {m for _, m in by_key(result)} == {"prior_final", "prior_final_excl_capital", "budget_excl_capital", "budget"}


def test_a_column_headed_by_the_tables_subject_is_its_total():
    rows = (("科目代码", "科目名称", "财政拨款支出", "基本支出", "项目支出"), ("205", "教育支出", "3.00", "2.00", "1.00"))
    assert by_key(table(rows, kind="fiscal_expenditure"))[("205", "total")] == Decimal("3.00")
    # the same header in another table names nothing: a gap, not a guess
    assert ("205", "total") not in by_key(table(rows, kind="expenditure"))


def test_a_row_whose_split_code_collapsed_is_read_under_the_header():
    rows = (("科目编码", "", "", "科目名称", "合计", "基本支出"), ("205", "", "", "教育支出", "3.00", "3.00"),
            ("2050201", "学前教育", "3.00", "3.00"))
    found = by_key(table(rows, kind="fiscal_expenditure"))
    assert found[("2050201", "total")] == Decimal("3.00") and found[("2050201", "basic")] == Decimal("3.00")


@needs_real
def test_beijing_jxj_income_lone_row_p2():
    # beijing-jxj-tables-2026-budget.pdf p2 预算02表: one row, 590,242.670510 | 565,861.946064 | 565,801.487564 |
    # … 事业收入 9.000000 … 其他收入 51.458500 | 上年结转结余 24,380.724446 | 22,667.878179 | … 单位资金 1,712.846267
    found = by_key(page_table("beijing-jxj-tables-2026-budget.pdf", 2, "income"))
    assert found == {("total", "total"): Decimal("590242.670510"), ("total", "income"): Decimal("565861.946064"),
                     ("total", "gpb"): Decimal("565801.487564"), ("total", "business_income"): Decimal("9.000000"),
                     ("total", "other_income"): Decimal("51.458500"),
                     ("total", "carryover_begin"): Decimal("24380.724446"),
                     ("total", "carryover_gpb"): Decimal("22667.878179"),
                     ("total", "carryover_unit_funds"): Decimal("1712.846267")}


@needs_real
def test_central_gjxfj_gpb_expenditure_prior_year_and_excl_capital_p10():
    # central-gjxfj-2026-budget.pdf p10 部门公开表5: 2014099 其他信访事务支出 | 25,143.24 | 1,601.04 | 3,623.98 | |
    # 3,623.98 | 3,623.98 | -21,519.26 | -85.59% | 2,022.94 | 126.35%
    result = page_table("central-gjxfj-2026-budget.pdf", 10, "gpb_expenditure")
    found = by_key(result)
    assert found[("2014099", "prior_final")] == Decimal("25143.24")
    assert found[("2014099", "prior_final_excl_capital")] == Decimal("1601.04")
    assert found[("2014099", "budget_excl_capital")] == Decimal("3623.98")
    assert Decimal("-21519.26") not in found.values() and Decimal("2022.94") not in found.values()
    assert len([f for f in result.findings if f.check == "column_derived"]) == 4
    assert not any(f.check == "column_unmapped" for f in result.findings)


@needs_real
def test_swu_budget_income_business_income_and_balance_used_p8():
    # chongqing-swu-2023-budget.pdf p8 西南大学收入预算表: 合计 557,259.13 | 93,801.70 | 230,876.38 | 事业收入 金额
    # 122,342.73 | 其中:教育收费 74,162.23 | 50,265.53 | 使用非财政拨款结余 59,972.79
    found = by_key(page_table("chongqing-swu-2023-budget.pdf", 8, "income"))
    assert found[("total", "business_income")] == Decimal("122342.73")
    assert found[("total", "non_fiscal_balance_used")] == Decimal("59972.79")
    assert found[("2050205", "non_fiscal_balance_used")] == Decimal("52800.00")
    assert not any(m == "amount" for _, m in found)


@needs_real
def test_swu_budget_fiscal_expenditure_total_column_p10():
    # chongqing-swu-2023-budget.pdf p10 西南大学财政拨款支出预算表: 205 教育支出 208,613.34 | 177,215.79 | 31,397.55;
    # 2050205 高等教育 181,866.03 | 152,573.56 | 29,292.47
    found = by_key(page_table("chongqing-swu-2023-budget.pdf", 10, "fiscal_expenditure"))
    assert found[("205", "total")] == Decimal("208613.34")
    assert found[("2050205", "total")] == Decimal("181866.03")
    assert found[("2050205", "project")] == Decimal("29292.47")


@needs_real
def test_swu_final_fiscal_expenditure_continuation_page_p15():
    # chongqing-swu-2023-final.pdf p15 (表4 continued, code in one column): 2060201 机构运行 828.72 | 828.72;
    # 2060204 实验室及相关设施 1,707.93 | | 1,707.93 | 1,357.93; 2210203 购房补贴 180.59; p14 2050205 高等教育
    # 其中:基本建设资金支出 5,536.97
    found = by_key(pages_table("chongqing-swu-2023-final.pdf", 14, 15, "fiscal_expenditure", 2023, "final"))
    assert found[("2060201", "basic")] == Decimal("828.72")
    assert found[("2060204", "project")] == Decimal("1707.93")
    assert found[("2060204", "project_capital")] == Decimal("1357.93")
    assert found[("2210203", "total")] == Decimal("180.59")
    assert found[("2050205", "project_capital")] == Decimal("5536.97")


def test_a_total_under_the_label_over_every_column_is_the_tables_total():
    rows = (("科目编码", "科目名称", "预算数", "", ""), ("", "", "合计", "基本支出", "项目支出"),
            ("2010601", "行政运行", "3.00", "2.00", "1.00"))
    assert {m for _, m in by_key(table(rows, kind="gpb_expenditure"))} == {"total", "basic", "project"}
    # beside another year's figures the 预算数 总计 stays that figure (chongqing-ghzyj p19: 2025年预算数 | 2026年预算数 总计 …)
    rows = (("科目编码", "科目名称", "2025年预算数", "2026年预算数", ""), ("", "", "", "总计", "基本支出"),
            ("2010601", "行政运行", "2.50", "3.00", "3.00"))
    assert {m for _, m in by_key(table(rows, kind="gpb_expenditure"))} == {"prior_budget", "budget", "basic"}


@needs_real
def test_beijing_czj_basic_expenditure_total_under_budget_p10():
    # beijing-czj-tables-2026-budget.pdf p10 预算06表: 预算数 over 合计 | 人员经费 | 公用经费;
    # 50101-工资奖金津补贴 | 30101-基本工资 | 1,721.982000 | 1,721.982000
    rows = [line.number for line in real_document("beijing-czj-tables-2026-budget.pdf").lines if line.page == 10 and line.is_row]
    result = real_table("beijing-czj-tables-2026-budget.pdf", rows[1], rows[-1], "gpb_basic_expenditure", "wan_yuan")  # after the title
    found = {(f.gov_econ_code, f.econ_code, f.measure): f.amount for f in result.facts}
    assert found[("50101", "30101", "total")] == Decimal("1721.982000")
    assert found[("50101", "30101", "personnel")] == Decimal("1721.982000")
    assert not any(m == "budget" for _, _, m in found)


def test_a_subtotal_under_the_label_over_every_column_is_the_tables_total():
    # 广州 表9/表10: 政府性基金预算支出 over 小计 | 其中:基本支出 | 项目支出 — the 小计 sums the row, as a 合计 would
    rows = (("科目编码", "科目名称", "政府性基金预算支出", "", ""), ("", "", "小计", "其中:基本支出", "项目支出"),
            ("2120801", "征地和拆迁补偿支出", "3.00", "2.00", "1.00"))
    assert {m for _, m in by_key(table(rows, kind="gov_fund"))} == {"total", "basic", "project"}
    # a 小计 under a label over only some columns keeps that label's measure (本年收入 | 小计 beside 上年结转)
    rows = (("合计", "本年收入", "", "上年结转结余"), ("", "小计", "一般公共预算资金", "小计"),
            ("12.50", "10.00", "10.00", "2.50"))
    assert {m for _, m in by_key(table(rows, kind="income"))} == {"total", "income", "gpb", "carryover_begin"}


@needs_real
def test_guangdong_gztjj_gov_fund_and_soe_subtotal_is_total_p18_p19():
    # guangdong-gztjj-2026-budget.pdf p18 表9 政府性基金预算支出情况表 and p19 表10 国有资本经营预算支出情况表:
    # "合计 | 0.00 | 0.00 | 0.00" under 小计 | 其中:基本支出 | 项目支出 (checked by eye, pdftotext -layout)
    for page, kind in ((18, "gov_fund"), (19, "soe_capital")):
        result = page_table("guangdong-gztjj-2026-budget.pdf", page, kind)
        assert by_key(result) == {("total", "total"): Decimal("0.00"), ("total", "basic"): Decimal("0.00"),
                                  ("total", "project"): Decimal("0.00")}
