"""政府采购 project and 品目 lines keyed by their printed path (layouts/procurement_lines.py) and the
identities over paths (the path_sum template, rules.yaml PC01-PC05): hand-placed, then on real pages."""

from decimal import Decimal

from pipelines.validate.engine import evaluate
from pipelines.validate.engine.context import Context, Fact, Row
from pipelines.validate.rules import load_rules
from tests.normalize.real_pages import needs_real, real_table
from tests.normalize.tables import located, normalize

HEADER = ("采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计")


def table(*rows: tuple[str, ...], unit_name: str = "某局"):
    return normalize(located(rows, "procurement", 16, title="政府采购支出预算表", engine="camelot"), unit_name, year=2019)


def lines(result) -> list[tuple[str, str, str | None, Decimal]]:
    return [(f.item, f.row_label, f.unit_name, f.amount) for f in result.facts]


def test_levels_to_the_left_continue_levels_to_the_right_close():
    result = table(HEADER,
                   ("合计", "", "", "", "", "7.00"),
                   ("三、服务C", "", "", "", "", "7.00"),
                   ("", "案件审判经费", "会议费", "", "", "3.00"),
                   ("", "", "", "会议服务", "分散自行组织", "3.00"),
                   ("", "", "物业管理费", "", "", "4.00"),        # same project, next 经济科目
                   ("", "", "", "物业管理服务", "分散自行组织", "1.00"),
                   ("", "", "", "", "部门集中采购", "3.00"))     # same 品目, other 组织形式
    assert lines(result) == [
        ("procurement_total", "合计", None, 7), ("procurement_services", "三、服务C", None, 7),
        ("procurement_project", "三、服务C / 案件审判经费 / 会议费", None, 3),
        ("procurement_article", "三、服务C / 案件审判经费 / 会议费 / 会议服务 / 分散自行组织", None, 3),
        ("procurement_project", "三、服务C / 案件审判经费 / 物业管理费", None, 4),
        ("procurement_article", "三、服务C / 案件审判经费 / 物业管理费 / 物业管理服务 / 分散自行组织", None, 1),
        ("procurement_article", "三、服务C / 案件审判经费 / 物业管理费 / 物业管理服务 / 部门集中采购", None, 3)]
    assert not result.findings


def test_the_departments_own_unit_under_a_class_and_a_path_printed_twice():
    result = table(HEADER, ("货物", "", "", "", "", "5.50"), ("某局", "", "", "", "", "5.50"),
                   ("", "定额", "办公费", "复印纸", "集中采购", "1.30"),
                   ("", "定额", "办公费", "复印纸", "集中采购", "4.20"))
    assert lines(result) == [("procurement_goods", "货物", None, Decimal("5.50")),
                             ("procurement_goods", "货物 / 某局", "某局", Decimal("5.50")),
                             ("procurement_article", "货物 / 某局 / 定额 / 办公费 / 复印纸 / 集中采购", "某局", Decimal("1.30"))]
    assert [f.check for f in result.findings] == ["duplicate_key"]  # the second is a finding, never summed in
    other = table(HEADER, ("货物", "", "", "", "", "5.50"), ("另一局", "", "", "", "", "5.50"))
    assert [f.check for f in other.findings] == ["row_unmapped"]  # only the report's own unit is read as a unit


def _path_sums(rows) -> list[Row]:
    """The path_sum template's rows over procurement facts (item, row_label, amount) of one department's budget."""
    facts = [Fact(document_id="d", fact_seq=i, unit_id="u", scope="department", table_kind="procurement", item=item,
                  measure="amount", amount=Decimal(amount), source_line=i, source_page=16, row_label=label,
                  doc_unit_id="u", doc_scope="department", doc_stage="budget")
             for i, (item, label, amount) in enumerate(rows)]
    return evaluate(Context(facts), tuple(r for r in load_rules() if r.template == "path_sum"))


def test_path_sums_compare_each_row_with_the_rows_one_level_down():
    rows = _path_sums([("procurement_services", "三、服务C", "7.00"),
                  ("procurement_project", "三、服务C / 甲 / 会议费", "3.00"),
                  ("procurement_article", "三、服务C / 甲 / 会议费 / 会议服务 / 分散", "3.00"),
                  ("procurement_project", "三、服务C / 甲 / 物业管理费", "4.00"),
                  ("procurement_article", "三、服务C / 甲 / 物业管理费 / 物业管理服务 / 分散", "1.00"),
                  ("procurement_article", "三、服务C / 甲 / 物业管理费 / 物业管理服务 / 部门", "2.00"),  # printed 3.00
                  ("procurement_services", "三、服务C2", "9.00")])  # a label extending another is no child of it
    found = {(r.rule_id, r.row_label): (r.expected, r.observed) for r in rows}
    assert found == {("PC02", "三、服务C"): (7, 7), ("PC04", "三、服务C"): (7, 6),
                     ("PC03", "三、服务C / 甲 / 会议费"): (3, 3), ("PC03", "三、服务C / 甲 / 物业管理费"): (4, 3)}


# jiangsu-fayuan-2019-budget.pdf p16-17 公开12表 政府采购支出预算表 (lines 388-449), checked by eye:
#   p16 一、货物A 1,637.72 → 信息网络建设费 | 信息网络及软件购置更新 966.50 → PC服务器 | 政府集中采购 68.00;
#   p16 三、服务C → 案件审判经费 | (blank) | 会议费 122.10 (the project continues); p17 物业管理费 | 物业管理费 466.00 →
#   物业管理服务 | 分散自行组织 36.00 and (blank) | 部门集中采购 430.00 (the 品目 continues)
FAYUAN = {
    "一、货物A / 信息网络建设费 / 信息网络及软件购置更新": "966.50",
    "一、货物A / 信息网络建设费 / 信息网络及软件购置更新 / PC服务器 / 政府集中采购": "68.00",
    "三、服务C / 案件审判经费 / 会议费": "122.10",
    "三、服务C / 物业管理费 / 物业管理费 / 物业管理服务 / 分散自行组织": "36.00",
    "三、服务C / 物业管理费 / 物业管理费 / 物业管理服务 / 部门集中采购": "430.00",
}


@needs_real
def test_real_fayuan_p16_every_printed_amount_keyed_and_summing():
    result = real_table("jiangsu-fayuan-2019-budget.pdf", 388, 449, "procurement", "wan_yuan", year=2019)
    assert len(result.facts) == 61 and not result.findings  # every amount printed on p16-17
    by_label = {f.row_label: f.amount for f in result.facts}
    assert {k: by_label[k] for k in FAYUAN} == {k: Decimal(v) for k, v in FAYUAN.items()}
    rows = _path_sums([(f.item, f.row_label, f.amount) for f in result.facts])
    assert len(rows) == 3 + 3 + 25 and all(r.expected == r.observed for r in rows)  # classes × (PC02, PC04) + 25 project lines

