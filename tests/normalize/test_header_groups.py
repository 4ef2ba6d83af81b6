"""Header groups: a name header is no group over the value columns right of it."""

from pipelines.model import Line
from pipelines.normalize.header import build_columns, measure_of


def _row(number, *cells):
    return Line(number, 1, "\t".join(cells), tuple(cells), "camelot-lattice")


def test_a_subtotal_under_its_own_label_sums_that_label_not_the_name_header_left_of_it():
    # chongqing-swj-2026-budget p17 (一般公共预算支出情况表): "科目编码 | 科目名称 | | 小计" under "基本支出";
    # 科目名称 carried right made 基本支出's 小计 a column with no measure (its 115 cells lost)
    header = [
        _row(1, "功能分类科目", "", "总计", "基本支出", "", "", "项目支出"),
        _row(2, "科目编码", "科目名称", "", "", "", "", ""),
        _row(3, "", "", "", "小计", "人员经费", "公用经费", ""),
    ]
    columns = build_columns(header, 7)
    assert [measure_of(c, 2026) for c in columns[2:]] == ["total", "basic", "personnel", "public_use", "project"]
