"""Tables listing one purchase a row, each keyed by its printed path (layouts/line_list.py, table_kinds.yaml
procurement line_list), and 合计 = Σ lines (rules.yaml PC06): hand-placed, then on the real pages."""

from decimal import Decimal

import duckdb

from pipelines.extract import extract_report
from pipelines.model import Line, LocatedTable, ReportMeta
from pipelines.normalize import normalize_table
from pipelines.validate.rules import load_rules, render_template
from tests.normalize.real_pages import REAL, needs_real

HEADER = ("科目编码", "", "", "单位编码", "采购项目", "采购目录", "购买服务的内容", "规格型号", "数量", "部门经济科目", "",
          "采购时间", "预算金额", "说明")
SUBHEADER = ("类", "款", "项", "", "", "", "", "", "", "类", "款", "", "", "")


def table(*rows: tuple[str, ...]):
    lines = tuple(Line(number=i + 1, page=30, raw="\t".join(r), cells=r, engine="camelot") for i, r in enumerate(rows))
    located = LocatedTable(kind="procurement", title="政府采购(资产配置、购买服务)预算表", title_line=0, printed_number=None,
                           money_unit="wan_yuan", rows=lines, notes=(), declared_empty=False)
    meta = ReportMeta(unit_name="某局", unit_code=None, region=None, year=2019, stage="budget", scope="department",
                      money_unit="wan_yuan")
    return normalize_table(located, meta)


def facts(result) -> list[tuple]:
    return [(f.item, f.measure, f.line_label, f.amount, f.unit_of_measure) for f in result.facts]


def test_each_purchase_is_keyed_by_its_printed_cells_and_a_blank_amount_is_no_fact():
    result = table(HEADER, SUBHEADER,
                   ("", "", "", "", "合计", "", "", "", "3", "", "", "", "40.00", ""),
                   ("224", "01", "06", "125001", "事故应急救援", "其他专用汽车", "", "救援车", "1", "310", "03", "2019-02-09", "40.00", ""),
                   ("224", "01", "06", "125002", "考试系统(氨)", "操作系统", "", "", "1", "302", "99", "2019-01-12", "", ""),
                   ("224", "01", "06", "125002", "考试系统(氟)", "操作系统", "", "", "1", "302", "99", "2019-01-12", "", ""))
    assert result.layout == "line_list" and not result.findings
    car = "2240106 / 125001 / 事故应急救援 / 其他专用汽车 /  / 救援车 / 31003"  # 采购时间 is no part of the key
    assert facts(result) == [
        ("procurement_total", "quantity", None, 3, "count"), ("procurement_total", "amount", None, 40, "wan_yuan"),
        ("procurement_article", "quantity", car, 1, "count"), ("procurement_article", "amount", car, 40, "wan_yuan"),
        ("procurement_article", "quantity", "2240106 / 125002 / 考试系统(氨) / 操作系统 /  /  / 30299", 1, "count"),
        ("procurement_article", "quantity", "2240106 / 125002 / 考试系统(氟) / 操作系统 /  /  / 30299", 1, "count")]


def test_group_rows_nest_and_their_lines_extend_their_path():
    header = ("序号",) + HEADER
    result = table(header, ("",) + SUBHEADER,
                   ("1", "", "", "", "", "合计", "", "", "", "3", "", "", "", "90", ""),
                   ("2", "206", "03", "02", "1", "全额", "", "", "", "1", "", "", "", "70", ""),
                   ("3", "206", "03", "02", "204001", "某局", "", "", "", "1", "", "", "", "70", ""),
                   ("4", "206", "03", "02", "", "评估", "C0808咨询服务", "", "", "1", "302", "27", "", "70", ""),
                   ("5", "206", "04", "01", "1", "全额", "", "", "", "2", "", "", "", "20", ""),   # after a line: a new group
                   ("6", "206", "04", "01", "204005", "研究院", "", "", "", "2", "", "", "", "20", ""),
                   ("7", "206", "04", "01", "", "物业", "C1204物业管理服务", "", "", "2", "302", "09", "", "20", ""))
    amounts = [(item, label) for item, measure, label, _, _ in facts(result) if measure == "amount"]
    assert amounts == [
        ("procurement_total", None),
        ("procurement_project", "2060302 / 1 / 全额"),
        ("procurement_project", "2060302 / 1 / 全额 / 204001 / 某局"),  # the repeated 功能分类 code is left out
        ("procurement_article", "2060302 / 1 / 全额 / 204001 / 某局 / 评估 / C0808咨询服务 /  /  / 30227"),
        ("procurement_project", "2060401 / 1 / 全额"),
        ("procurement_project", "2060401 / 1 / 全额 / 204005 / 研究院"),
        ("procurement_article", "2060401 / 1 / 全额 / 204005 / 研究院 / 物业 / C1204物业管理服务 /  /  / 30209")]


def _identities(result):
    con = duckdb.connect()
    con.execute("create temp table _facts (document_id varchar, fact_seq integer, unit_id varchar, scope varchar, "
                "table_kind varchar, func_code varchar, econ_code varchar, item varchar, measure varchar, "
                "amount decimal(20,6), source_line integer, source_page integer, row_label varchar)")
    con.executemany("insert into _facts values ('d', ?, 'u', 'department', 'procurement', null, null, ?, ?, ?, ?, ?, ?)",
                    [(i, f.item, f.measure, f.amount, f.source_line, f.source_page, f.row_label)
                     for i, f in enumerate(result.facts)])
    rules = load_rules()
    found = []
    for template in ("item_sum", "path_sum"):  # every rule of the template (their params make the query's columns)
        chosen = tuple(r for r in rules if r.template == template)
        found += con.execute(f"select rule_id, subject, expected, observed from ({render_template(template, chosen)}) "
                             "where rule_id in ('PC03', 'PC06')").fetchall()
    return sorted(found)


def test_total_is_the_sum_of_the_lines_and_a_group_the_sum_of_its_lines():
    result = table(HEADER, SUBHEADER,
                   ("", "", "", "", "合计", "", "", "", "3", "", "", "", "41.00", ""),
                   ("224", "01", "06", "125001", "甲", "汽车", "", "", "1", "310", "03", "", "40.00", ""),
                   ("224", "01", "06", "125002", "乙", "系统", "", "", "2", "302", "99", "", "", ""))
    assert _identities(result) == [("PC06", "procurement_total amount", 41, 40),  # 1.00 missing: PC06 fails
                                   ("PC06", "procurement_total quantity", 3, 3)]


def _real_procurement(name: str):
    return next(t for t in extract_report(REAL / name).tables if t.table.kind == "procurement")


@needs_real
def test_real_xaajj_2019_table12_every_purchase_loaded_p30_p31():
    """shaanxi-xaajj-tables-2019-budget.pdf p30-31 表12 (checked by eye): 合计 86 | 192.13; p30 事故应急救援 | 其他专用汽车 |
    事故救援专业车 1 | 59.80; p30 空调…(氟制冷) 1 with no 预算金额; p31 简易防化服 | 救灾物资 33 | 4.95. Before: 0 of the
    table's amounts loaded (layout coded/grouped)."""
    result = _real_procurement("shaanxi-xaajj-tables-2019-budget.pdf")
    by_key = {(f.line_label or f.item, f.measure): f.amount for f in result.facts}
    assert result.layout == "line_list" and not result.findings
    assert len(result.facts) == 2 + 20 + 14  # 合计, 20 purchases' 数量, 14 printed 预算金额
    assert by_key[("procurement_total", "amount")] == Decimal("192.13") and by_key[("procurement_total", "quantity")] == 86
    assert by_key[("2240106 / 125001 / 事故应急救援 / 其他专用汽车 /  / 事故救援专业车 / 31003 / 50306", "amount")] == Decimal("59.80")
    assert by_key[("2240109 / 125004 / 简易防化服 / 救灾物资 /  /  / 30299 / 50502", "quantity")] == 33
    assert all(e == o for _, _, e, o in _identities(result)) and len(_identities(result)) == 2


@needs_real
def test_real_xakjj_2022_table12_groups_and_purchases_p60():
    """shaanxi-xakjj-2022-budget.pdf p60 表12 (元, checked by eye): 合计 35 | 7,998,080; row 9 206 04 04 | 1 | 全额
    5,210,000, row 10 204001 西安市科学技术局 5,210,000, row 13 科技计划项目管理费 | C0899其他商务服务 4 | 3,610,000.
    Before: 1 fact (the 合计)."""
    result = _real_procurement("shaanxi-xakjj-2022-budget.pdf")
    by_key = {(f.line_label or f.item, f.measure): f.amount for f in result.facts}
    assert result.layout == "line_list"
    assert by_key[("procurement_total", "amount")] == Decimal("799.808") and by_key[("procurement_total", "quantity")] == 35
    assert by_key[("2060404 / 1 / 全额", "amount")] == 521
    assert by_key[("2060404 / 1 / 全额 / 204001 / 西安市科学技术局", "amount")] == 521
    lines = {k: v for k, v in by_key.items() if k[0].startswith("2060404 / 1 / 全额 / 204001 / 西安市科学技术局 / 科技计划项目管理费")}
    assert sorted(lines.values()) == [1, 2, 4, 60, 100, 361]
    checks = _identities(result)
    assert checks and all(e == o for _, _, e, o in checks)
    assert len([c for c in checks if c[0] == "PC03"]) == 2 * 12  # 6 全额 + 6 unit rows, amount and 数量
