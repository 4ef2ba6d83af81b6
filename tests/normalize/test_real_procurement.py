"""政府采购 tables (layouts/item_list.py): the 合计 and the 货物/工程/服务 class rows are facts; the project
and 品目 rows printed under them are keyed by their printed path (layouts/procurement_lines.py,
tests/normalize/test_procurement_lines.py); rows that cannot be placed are one explicit finding."""

from decimal import Decimal

import pytest

from tests.normalize.real_pages import needs_real, real_table
from tests.normalize.tables import located, normalize


def table(*rows: tuple[str, ...]):
    return normalize(located(rows, "procurement", 12, title="政府采购预算表", engine="camelot"), "某局", year=2018)


CLASSES = {"procurement_total", "procurement_goods", "procurement_works", "procurement_services"}


def items(result) -> dict[str, Decimal]:
    return {f.item: f.amount for f in result.facts if f.item in CLASSES}


def test_class_rows_load_and_detail_rows_are_keyed_by_path():
    result = table(("采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"),
                   ("合计", "", "", "", "", "30.00"),
                   ("一、货物A", "", "", "", "", "20.00"),
                   ("", "办公设备购置费", "办公设备购置", "", "", "20.00"),
                   ("", "", "", "台式计算机", "分散自行组织", "20.00"),
                   ("三、服务 C", "", "", "", "", "10.00"),
                   ("", "", "", "会议服务", "分散自行组织", "10.00"))
    assert items(result) == {"procurement_total": 30, "procurement_goods": 20, "procurement_services": 10}
    lines = {f.row_label: f.amount for f in result.facts if f.item not in CLASSES}
    assert lines == {"一、货物A / 办公设备购置费 / 办公设备购置": 20,
                     "一、货物A / 办公设备购置费 / 办公设备购置 / 台式计算机 / 分散自行组织": 20,
                     "三、服务C /  /  / 会议服务 / 分散自行组织": 10}  # levels not printed stay empty
    # (and no column_unmapped for the text columns)
    assert not result.findings


def test_a_total_printed_beside_an_empty_label_cell_and_an_empty_first_column():
    coded = table(("项目编号", "项目", "总计"), ("合计", "", "5.00"), ("A", "货物", "2.00"), ("C", "服务", "3.00"))
    assert items(coded) == {"procurement_total": 5, "procurement_goods": 2, "procurement_services": 3}
    shifted = table(("", "采购类别", "金额", ""), ("", "A-货物", "2.000000", ""), ("", "合计", "2.000000", ""))
    assert items(shifted) == {"procurement_goods": 2, "procurement_total": 2}
    assert not shifted.findings


# (file, first line, last line, {item: amount as printed}, project/品目 lines keyed by their path)
REAL = [
    # p12 公开12表 2018年政府采购预算表: 合计 1,281.76; 一、货物A 355.67; 三、服务C 926.09 (26 project/品目 lines)
    ("jiangsu-zhengxie-tables-2018-budget.pdf", 205, 234,
     {"procurement_total": "1281.76", "procurement_goods": "355.67", "procurement_services": "926.09"}, 26),
    # p15 预算10表 政府采购预算明细表: A-货物 716.974000; C-服务 12,231.513100; 合计 12,948.487100
    ("beijing-czj-tables-2026-budget.pdf", 262, 267,
     {"procurement_total": "12948.487100", "procurement_goods": "716.974000", "procurement_services": "12231.513100"}, 0),
]


@needs_real
@pytest.mark.parametrize("name, first, last, figures, lines", REAL, ids=[r[0][:28] for r in REAL])
def test_real_procurement_tables(name, first, last, figures, lines):
    result = real_table(name, first, last, "procurement", "wan_yuan", year=2026)
    found = {f.item: f.amount for f in result.facts if f.measure == "amount" and f.item in CLASSES}
    assert found == {k: Decimal(v) for k, v in figures.items()}
    parts = sum((v for k, v in found.items() if k != "procurement_total"), Decimal(0))
    assert parts == found["procurement_total"]  # 货物 + 工程 + 服务 = 合计
    assert len([f for f in result.facts if f.item not in CLASSES]) == lines
    assert not [f for f in result.findings if f.check == "rows_not_keyed"]
    assert not [f for f in result.findings if f.severity == "error"]


@needs_real
def test_real_procurement_by_fund_chongqing_swj_p24():
    # p24 表九: 合计 6,546.82 = A 货物 1,267.79 + B 工程 465.53 + C 服务 4,813.50; 一般公共预算 5,499.84
    result = real_table("chongqing-swj-2026-budget.pdf", 434, 438, "procurement", "wan_yuan")
    facts = {(f.item, f.measure): f.amount for f in result.facts}
    assert facts[("procurement_total", "total")] == Decimal("6546.82")
    assert facts[("procurement_total", "gpb")] == Decimal("5499.84")
    assert sum(facts[(k, "total")] for k in ("procurement_goods", "procurement_works", "procurement_services")) \
        == facts[("procurement_total", "total")]
    assert not result.findings
