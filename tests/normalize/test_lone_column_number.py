"""A one-column table's 栏次 row is a lone "1" under the header (zhejiang-huzwjw-2026-budget p44 表09 国有资本经营预算支出表,
checked by eye: "科目编码 | 科目名称 | 项目支出" / "** | ** | 1" / "合计 |" and the note 此表无数据): never a data row."""

from pipelines.model import Line
from pipelines.normalize.header import split_rows


def _lines(rows):
    return tuple(Line(number=i + 1, page=44, raw="\t".join(r), cells=r, engine="pdfium") for i, r in enumerate(rows))


def test_a_lone_1_under_the_header_is_the_column_number_row():
    header, data = split_rows(_lines((("科目编码", "科目名称", "项目支出"), ("", "**", "1"), ("", "合计", "2.00"))), "soe_capital")
    assert [l.number for l in header] == [1, 2] and [l.number for l in data] == [3]


def test_a_lone_1_below_data_stays_data():
    _, data = split_rows(_lines((("科目编码", "科目名称", "项目支出"), ("", "合计", "5.00"), ("", "", "1"))), "soe_capital")
    assert [l.number for l in data] == [2, 3]
