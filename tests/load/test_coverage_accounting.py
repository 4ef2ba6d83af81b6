"""Coverage's denominator (pipelines/load/coverage.py): the amount cells a table prints that should become facts.
A figure printed again under a key already loaded, with the same value (a 收支总表 repeating 本年支出合计 in each
expenditure pair, a department row restating the 合计 above it, a 部门预算 合计 column beside an equal 总计) is
accounted for, not a gap; the same key with a different value stays a gap (duplicate_key). The two-digit 款/项
parts of split codes are codes, not amounts. Hand-placed cases."""

from pipelines.load.coverage import printed_amount_cells, restated_cells, table_amount_cells
from tests.normalize.test_unit_rows import table

TWO_SIDED = (
    ("收入", "", "支出", "", "", ""),
    ("项目", "预算数", "项目", "预算数", "项目", "预算数"),
    ("一般公共预算拨款收入", "30.00", "一般公共服务支出", "30.00", "基本支出", "20.00"),
    ("", "", "", "", "项目支出", "10.00"),
    ("收入总计", "30.00", "支出总计", "30.00", "支出总计", "30.00"),
)


def test_a_total_printed_again_with_the_same_value_is_accounted_for():
    result = table(TWO_SIDED, kind="summary")
    restated = [f for f in result.findings if f.check == "value_restated"]
    assert [(f.severity, f.observed) for f in restated] == [("info", "30.00")]
    assert not any(f.check == "duplicate_key" for f in result.findings)
    assert restated_cells(result) == 1
    assert table_amount_cells(result) == printed_amount_cells(result.table) - 1 == len(result.facts)


def test_the_same_key_with_another_value_stays_a_gap():
    rows = TWO_SIDED[:-1] + (("收入总计", "30.00", "支出总计", "30.00", "支出总计", "31.00"),)
    result = table(rows, kind="summary")
    assert [f.observed for f in result.findings if f.check == "duplicate_key"] == ["31.00"]
    assert restated_cells(result) == 0
    assert table_amount_cells(result) == printed_amount_cells(result.table) == len(result.facts) + 1


def test_a_department_row_restating_the_total_counts_its_cells():
    rows = (("单位代码", "单位名称", "合计", "一般公共预算"),
            ("", "合计", "30.00", "30.00"),
            ("024", "某某局", "30.00", "30.00"),
            ("024001", "某某中心", "30.00", "30.00"))
    result = table(rows, kind="income")
    (finding,) = [f for f in result.findings if f.check == "total_restated"]
    assert finding.observed == "2" and restated_cells(result) == 2
    assert table_amount_cells(result) == len(result.facts) == printed_amount_cells(result.table) - 2


def test_two_digit_code_parts_are_no_amounts_but_counts_are():
    rows = (("类", "款", "名称", "数量", "金额"),
            ("302", "01", "办公费", "2", "3.00"),
            ("302", "99", "其他", "10", "4.00"),
            ("310", "27", "设备", "3", "5.00"))
    located = table(rows, kind="procurement").table
    assert printed_amount_cells(located) == 6  # 数量 2, 10, 3 and the amounts; never 01, 99, 27
