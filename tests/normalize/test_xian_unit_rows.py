"""Shaanxi 部门综合预算 收入总表/支出总表 by unit (layouts/unit_rows.py): 总计 | 部门预算 合计 print one figure twice
(loaded once), 一般公共预算拨款 小计 | 其中:专项资金列入部门预算项目 (an of-which), 用事业基金弥补收支差额, 上年结转 and
上年实户资金余额 (sources of the year: 总计 = 一般公共预算 + 上年结转 + 上年实户资金余额, xaajj p4 row 合计
3,695.91 = 3,643.37 + 11.61 + 40.93). Hand-placed minimal cases; the real pages are in tests/real/test_xian_budget.py."""

from decimal import Decimal

from pipelines.normalize.vocab import measure_for
from tests.normalize.test_multi_coded import table

TOP = ("单位编码", "单位名称", "总计", "部门预算", "", "", "", "", "")
MIDDLE = ("", "", "", "合计", "一般公共预算拨款", "", "用事业基金弥补收支差额", "上年结转", "上年实户资金余额")
BOTTOM = ("", "", "", "", "小计", "其中:专项资金列入部门预算项目", "", "", "")
ROWS = (
    ("", "合计", "3,695.91", "3,695.91", "3,643.37", "100.00", "", "11.61", "40.93"),
    ("125001", "某某局", "2,123.93", "2,123.93", "2,080.32", "100.00", "", "11.61", "32.00"),
    ("125002", "某某中心", "1,572.98", "1,572.98", "1,563.05", "", "", "", "8.93"),
)


def by_measure(result, unit_code=None):
    return {f.measure: f.amount for f in result.facts if f.unit_code == unit_code}


def test_header_words_of_the_xian_income_table_name_measures():
    assert measure_for("其中:专项资金列入部门预算项目") == "special_funds_in_budget"
    assert measure_for("上年实户资金余额") == "real_account_balance"
    assert measure_for("用事业基金弥补收支差额") == "non_fiscal_balance_used"


def test_two_total_columns_printing_the_same_figures_are_loaded_once():
    result = table((TOP, MIDDLE, BOTTOM) + ROWS, kind="income")
    assert result.layout == "unit_rows"
    assert by_measure(result) == {
        "total": Decimal("3695.91"), "gpb": Decimal("3643.37"), "special_funds_in_budget": Decimal("100.00"),
        "carryover_begin": Decimal("11.61"), "real_account_balance": Decimal("40.93"),
    }
    assert by_measure(result, "125002")["real_account_balance"] == Decimal("8.93")
    assert [f.check for f in result.findings] == ["column_restated"]
    assert not [f for f in result.findings if f.severity == "error"]


def test_two_total_columns_that_differ_on_a_row_stay_ambiguous():
    rows = ROWS[:2] + (("125002", "某某中心", "1,572.98", "1,500.00", "1,563.05", "", "", "", "8.93"),)
    result = table((TOP, MIDDLE, BOTTOM) + rows, kind="income")
    assert "total" not in by_measure(result)
    assert "column_ambiguous" in [f.check for f in result.findings]
