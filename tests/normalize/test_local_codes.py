"""Codes nobody listed: a 7-digit 经济分类 sub-item a report prints under its 款 is loaded as printed."""

from decimal import Decimal

from pipelines.model import Line, LocatedTable, ReportMeta
from pipelines.normalize import normalize_table


def _row(number, *cells):
    return Line(number, 1, "\t".join(cells), tuple(cells), "camelot-lattice")


def test_a_seven_digit_econ_sub_item_is_loaded_as_printed_with_a_warning():
    # chongqing-swj-2026-budget p19 (一般公共预算基本支出情况表): 30102 津贴补贴 1,221.81 with its local
    # sub-items 3010201 规范性津补贴 918.38 and 3010202 其他津补贴 303.43 (918.38 + 303.43 = 1,221.81)
    rows = (
        _row(1, "科目编码", "科目名称", "合计"),
        _row(2, "301", "工资福利支出", "1,221.81"),
        _row(3, "30102", "津贴补贴", "1,221.81"),
        _row(4, "3010201", "规范性津补贴", "918.38"),
        _row(5, "3010202", "其他津补贴", "303.43"),
    )
    table = LocatedTable("gpb_basic_expenditure", "一般公共预算基本支出情况表", 0, None, "wan_yuan", rows, (), False)
    meta = ReportMeta("重庆市商务委员会", None, "重庆市", 2026, "budget", "department", "wan_yuan")
    result = normalize_table(table, meta)
    amounts = {f.econ_code: f.amount for f in result.facts}
    assert amounts == {"301": Decimal("1221.81"), "30102": Decimal("1221.81"),
                       "3010201": Decimal("918.38"), "3010202": Decimal("303.43")}
    warned = {f.row_label for f in result.findings if f.check == "code_not_in_dictionary"}
    assert warned == {"规范性津补贴", "其他津补贴"}
