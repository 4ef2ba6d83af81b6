"""Tables listing one purchase a row, each keyed by its printed path (layouts/line_list.py, table_kinds.yaml
procurement line_list), and 合计 = Σ lines (rules.yaml PC06): hand-placed, then on the real pages."""

from decimal import Decimal

from pipelines.extract import extract_report
from tests.normalize.real_pages import REAL, needs_real
from tests.normalize.tables import located, normalize, template_rows

HEADER = ("科目编码", "", "", "单位编码", "采购项目", "采购目录", "购买服务的内容", "规格型号", "数量", "部门经济科目", "",
          "采购时间", "预算金额", "说明")
SUBHEADER = ("类", "款", "项", "", "", "", "", "", "", "类", "款", "", "", "")


def table(*rows: tuple[str, ...]):
    return normalize(located(rows, "procurement", 30, title="政府采购(资产配置、购买服务)预算表", engine="camelot"),
                     "某局", year=2019)


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
    return sorted((r.rule_id, r.subject, r.expected, r.observed) for r in template_rows(result, "procurement")
                  if r.rule_id in ("PC03", "PC06"))


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


# --- 项目支出表 (project_list) and 政府购买服务表 (purchase_services): the same mechanism, other specs


def kind_table(kind: str, *rows: tuple[str, ...], unit_name: str = "某局"):
    return normalize(located(rows, kind, 25, engine="camelot"), unit_name)


def keyed(result) -> list[tuple]:
    return [(f.item, f.measure, f.line_label, f.amount) for f in result.facts]


def test_project_rows_under_unit_code_rows_nest_by_the_codes():
    """西安 表10 shape: a row printing a 单位编码 is a unit row over the projects below; 125002 after 125001's projects
    is another unit of 125 (the code extends 125), not a new top group."""
    result = kind_table("project_list", ("单位编码", "单位(项目)名称", "项目金额", "项目简介"),
                        ("", "合计", "30.00", ""),
                        ("125", "某局", "30.00", ""),
                        ("125001", "某局本级", "10.00", ""),
                        ("", "业务费", "10.00", "很长的说明"),          # 项目简介 is no part of the key
                        ("125002", "某中心", "20.00", ""),
                        ("", "宣传费", "20.00", ""))
    assert result.layout == "line_list" and not result.findings
    assert keyed(result) == [("total", "amount", None, 30), ("project_group", "amount", "125 / 某局", 30),
                             ("project_group", "amount", "125 / 某局 / 125001 / 某局本级", 10),
                             ("project_line", "amount", "125 / 某局 / 125001 / 某局本级 / 业务费", 10),
                             ("project_group", "amount", "125 / 某局 / 125002 / 某中心", 20),
                             ("project_line", "amount", "125 / 某局 / 125002 / 某中心 / 宣传费", 20)]


def test_project_rows_by_fund_source_and_the_own_unit_heading_its_projects():
    """深圳 项目支出总表 shape: the department's own unit (本级) heads its projects; every fund column its measure."""
    result = kind_table("project_list", ("支出项目类别", "总计", "一般公共预算拨款", "政府性基金预算拨款", "上年结余、结转"),
                        ("某局(本级)", "12.00", "10.00", "0.00", "2.00"),
                        ("甲项目", "12.00", "10.00", "0.00", "2.00"))
    assert [(i, m, label) for i, m, label, _ in keyed(result)] == [
        ("project_group", m, "某局(本级)") for m in ("total", "gpb", "gov_fund", "carryover_begin")] + [
        ("project_line", m, "某局(本级) / 甲项目") for m in ("total", "gpb", "gov_fund", "carryover_begin")]


def test_a_path_printed_on_several_rows_is_numbered_in_print_order():
    """北京 预算11表 shape: the same 一级 | 二级 | 三级 on two rows (two projects, not printed) are two lines, #1 and #2."""
    result = kind_table("purchase_services", ("", "指导性目录", "", "", "预算金额"), ("", "一级", "二级", "三级", ""),
                        ("", "合计", "", "", "150.00"),
                        ("", "01-公共服务", "0112-农业服务", "森林经营", "80.00"),
                        ("", "01-公共服务", "0112-农业服务", "森林经营", "70.00"))
    assert keyed(result) == [("total", "amount", None, 150),
                             ("purchase_service_line", "amount", "01-公共服务 / 0112-农业服务 / 森林经营 / #1", 80),
                             ("purchase_service_line", "amount", "01-公共服务 / 0112-农业服务 / 森林经营 / #2", 70)]
    assert not result.findings


def _real_table(name: str, kind: str):
    return next(t for t in extract_report(REAL / name).tables if t.table.kind == kind)


@needs_real
def test_real_project_and_service_lists_load_every_printed_amount():
    """Checked by eye: shaanxi-xaajj-tables-2019-budget.pdf p25 表10 合计 1,620.98, 125001 西安市安全生产监督管理局 1,008.45,
    安全生产设备购置经费 75.15; zhejiang-huzwjw-2026-budget.pdf p45 表10 合计 51,856.41 | 15,858.46 | 27,600.00 | … | 8,397.95;
    guangdong-szczj-2026-budget.pdf p27 表5 深圳市财政局(本级) 26,361.57 … 上年结余、结转 396.83, 财政监督管理业务 1,509.83;
    beijing-lvweiban-tables-2026-budget.pdf p11 预算11表 合计 1,435.90, 森林经营与管理服务 printed on 10 rows (80.00 first).
    Before: layout not_extracted, 0 facts."""
    xaajj = {(f.line_label or f.item, f.measure): f.amount for f in _real_table("shaanxi-xaajj-tables-2019-budget.pdf", "project_list").facts}
    assert xaajj[("total", "amount")] == Decimal("1620.98") and len(xaajj) == 20
    assert xaajj[("125 / 西安市安全生产监督管理局 / 125001", "amount")] == Decimal("1008.45")
    assert xaajj[("125 / 西安市安全生产监督管理局 / 125001 / 安全生产设备购置经费", "amount")] == Decimal("75.15")
    huzwjw = _real_table("zhejiang-huzwjw-2026-budget.pdf", "project_list")
    totals = {f.measure: f.amount for f in huzwjw.facts if f.item == "total"}
    assert totals == {"total": Decimal("51856.41"), "gpb": Decimal("15858.46"), "gov_fund": Decimal("27600.00"),
                      "unit_funds": Decimal("8397.95")} and not huzwjw.findings
    szczj = {(f.line_label, f.measure): f.amount for f in _real_table("guangdong-szczj-2026-budget.pdf", "project_list").facts}
    assert szczj[("深圳市财政局(本级)", "carryover_begin")] == Decimal("396.83")
    assert szczj[("深圳市财政局(本级) / 财政监督管理业务", "total")] == Decimal("1509.83")
    lv = _real_table("beijing-lvweiban-tables-2026-budget.pdf", "purchase_services")
    forest = [f.amount for f in lv.facts if "森林经营与管理服务" in (f.line_label or "")]
    assert len(forest) == 10 and forest[0] == 80 and not lv.findings
    assert sum(f.amount for f in lv.facts if f.item == "purchase_service_line") == Decimal("1435.90")
