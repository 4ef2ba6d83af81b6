"""Group rows of a 项目支出表 line list that print no 单位编码 (layouts/line_groups.py): a unit the report names in its
other tables, a 经费形式 row, 项目类别 rows (reference/project_groups.yaml); and PL01/PL02 (合计 = Σ projects, a group
= Σ the projects under its path) on them: hand-placed, then on the real pages."""

from decimal import Decimal

from pipelines.extract import extract_report
from tests.normalize.real_pages import REAL, needs_real
from tests.normalize.tables import located, normalize, template_rows

GZ_HEADER = ("支出项目类别(资金使用单位)", "总计", "一般公共预算", "绩效目标")
XA_HEADER = ("序号", "单位编码", "单位(项目)名称", "项目金额", "项目简介")


def project_list(*rows: tuple[str, ...], units: frozenset[str] = frozenset()):
    return normalize(located(rows, "project_list", 21, title="项目支出表", engine="pdfium"), "某局", units=units)


def paths(result) -> list[tuple[str, str | None, Decimal]]:
    return [(f.item, f.line_label, f.amount) for f in result.facts if f.measure in ("total", "amount")]


def identities(result) -> list[tuple]:
    """PL01 and PL02 over the facts, as the validator runs them: (rule, whole's path, expected, observed)."""
    return sorted((r.rule_id, r.row_label, Decimal(r.expected), Decimal(r.observed))
                  for r in template_rows(result, "project_list")
                  if r.rule_id in ("PL01", "PL02") and r.subject.endswith((" total", " amount")))


GZ_ROWS = (GZ_HEADER,
           ("合计", "20.00", "20.00", ""),
           ("某局", "13.00", "13.00", ""),
           ("甲项目", "13.00", "13.00", "说明"),
           ("某统计监测中心(某发展中心)", "7.00", "7.00", ""),
           ("其他运行经费", "7.00", "7.00", "说明"))


def test_a_row_naming_a_unit_of_the_reports_other_tables_heads_the_projects_below():
    """广州 表12 shape: the subordinate unit is printed by its name only (no 单位编码); the report's 收入总表 names it."""
    result = project_list(*GZ_ROWS, units=frozenset({"某局", "某统计监测中心(某发展中心)"}))
    assert paths(result) == [("total", None, 20), ("project_group", "某局", 13), ("project_line", "某局 / 甲项目", 13),
                             ("project_group", "某统计监测中心(某发展中心)", 7),
                             ("project_line", "某统计监测中心(某发展中心) / 其他运行经费", 7)]
    assert all(e == o for _, _, e, o in identities(result)) and len(identities(result)) == 3


def test_a_name_the_report_never_names_as_a_unit_stays_a_project_whatever_its_suffix():
    """Without the units (or naming another one) the same row is a project of 某局: nothing is guessed from 中心."""
    for units in (frozenset(), frozenset({"某局", "另一中心"})):
        result = project_list(*GZ_ROWS, units=units)
        assert ("project_line", "某局 / 某统计监测中心(某发展中心)", 7) in paths(result)
        assert ("PL02", "某局", 13, 27) in identities(result)  # the unit sum fails: the table reads as misread


XA_ROWS = (XA_HEADER,
           ("1", "", "合计", "1000", ""),
           ("2", "1", "全额", "900", ""),
           ("3", "204001", "某局", "800", ""),
           ("4", "", "专用项目", "800", ""),
           ("5", "", "“某奖”奖励", "300", ""),           # no listed 类别: a level-2 one by position (right below 专用项目)
           ("6", "", "“某奖”评选", "300", ""),
           ("7", "", "其他履职尽责专项业务费", "500", ""),
           ("8", "", "甲项目", "500", ""),
           ("9", "204004", "某院", "100", ""),            # after a line: still under 全额
           ("10", "", "通用项目", "100", ""),
           ("11", "", "大型活动", "100", ""),
           ("12", "", "乙项目", "100", ""),
           ("13", "4", "自收自支", "100", ""),            # a new top group
           ("14", "204017", "某中心", "100", ""),
           ("15", "", "专用项目", "100", ""),
           ("16", "", "其他履职尽责专项业务费", "100", ""),
           ("17", "", "丙项目", "100", ""))


def test_funding_form_unit_and_category_rows_nest_over_the_projects():
    """西安 2022 表10 shape (xakjj p57-58): 经费形式 > 单位 > 项目类别 level 1 > level 2 > 项目."""
    result = project_list(*XA_ROWS)
    unit = "1 / 全额 / 204001 / 某局 / 专用项目"
    assert paths(result) == [
        ("total", None, 1000), ("project_group", "1 / 全额", 900),
        ("project_group", "1 / 全额 / 204001 / 某局", 800), ("project_group", unit, 800),
        ("project_group", f"{unit} / 某奖奖励", 300), ("project_line", f"{unit} / 某奖奖励 / 某奖评选", 300),
        ("project_group", f"{unit} / 其他履职尽责专项业务费", 500),
        ("project_line", f"{unit} / 其他履职尽责专项业务费 / 甲项目", 500),
        ("project_group", "1 / 全额 / 204004 / 某院", 100),
        ("project_group", "1 / 全额 / 204004 / 某院 / 通用项目", 100),
        ("project_group", "1 / 全额 / 204004 / 某院 / 通用项目 / 大型活动", 100),
        ("project_line", "1 / 全额 / 204004 / 某院 / 通用项目 / 大型活动 / 乙项目", 100),
        ("project_group", "4 / 自收自支", 100), ("project_group", "4 / 自收自支 / 204017 / 某中心", 100),
        ("project_group", "4 / 自收自支 / 204017 / 某中心 / 专用项目", 100),
        ("project_group", "4 / 自收自支 / 204017 / 某中心 / 专用项目 / 其他履职尽责专项业务费", 100),
        ("project_line", "4 / 自收自支 / 204017 / 某中心 / 专用项目 / 其他履职尽责专项业务费 / 丙项目", 100)]
    assert [(f.check, f.row_label) for f in result.findings] == [("row_level_from_position", f"{unit} / 某奖奖励")]
    checks = identities(result)
    assert len(checks) == 1 + 12 and all(e == o for _, _, e, o in checks)


def test_a_row_right_below_a_category_is_a_project_when_the_table_prints_no_deeper_category():
    """The position rule needs the level printed elsewhere in the table: 专用项目 over projects stays that."""
    result = project_list(XA_HEADER, ("1", "204001", "某局", "800", ""), ("2", "", "专用项目", "800", ""),
                          ("3", "", "甲项目", "500", ""), ("4", "", "乙项目", "300", ""))
    assert [(i, p) for i, p, _ in paths(result)][2:] == [("project_line", "204001 / 某局 / 专用项目 / 甲项目"),
                                                        ("project_line", "204001 / 某局 / 专用项目 / 乙项目")]
    assert not result.findings


def test_a_value_cell_holding_digits_but_no_amount_is_reported_and_its_group_fails():
    """xakjj p57 row 8 shape: the name's last character read into the amount cell ("选700000")."""
    rows = list(XA_ROWS)
    rows[8] = ("8", "", "甲项目(评", "选500", "")
    result = project_list(*rows)
    assert [(f.check, f.observed) for f in result.findings if f.check == "amount_unreadable"] == [("amount_unreadable", "选500")]
    failing = [(rule, label) for rule, label, e, o in identities(result) if e != o]
    assert failing == [("PL01", "合计"), ("PL02", "1 / 全额"), ("PL02", "1 / 全额 / 204001 / 某局"),
                       ("PL02", "1 / 全额 / 204001 / 某局 / 专用项目")]  # 其他履职尽责专项业务费 has no line left to sum


def _project_list(name: str):
    return next(t for t in extract_report(REAL / name).tables if t.table.kind == "project_list")


@needs_real
def test_real_gztjj_2026_table12_monitoring_centre_is_a_unit_p22():
    """guangdong-gztjj-2026-budget.pdf p21-22 表12 (checked by eye): 合计 1,082.05 = 广州市统计局 1,075.05 (its 9 projects,
    机构运行辅助经费 86.37 … 广州市统计局2026年信息化运维项目 12.12) + p22 广州市统计监测中心（广州市统计发展中心） 7.00 (its one
    project 其他运行经费 7.00); the centre is printed by name only, named by 表2 收入总体情况表 p6 and 表11 p20. Before: the centre
    was a project of 广州市统计局 (PL02 1,075.05 ≠ 1,082.05), the table quarantined."""
    result = _project_list("guangdong-gztjj-2026-budget.pdf")
    by_key = {(f.line_label or f.item, f.measure): f.amount for f in result.facts}
    centre = "广州市统计监测中心(广州市统计发展中心)"
    assert by_key[(centre, "total")] == 7 and by_key[(f"{centre} / 其他运行经费", "gpb")] == 7
    assert (f"广州市统计局 / {centre}", "total") not in by_key
    checks = identities(result)
    assert ("PL02", "广州市统计局", Decimal("1075.05"), Decimal("1075.05")) in checks
    assert ("PL02", centre, 7, 7) in checks and all(e == o for _, _, e, o in checks)


@needs_real
def test_real_xakjj_2022_table10_categories_are_groups_and_every_sum_holds_p57_p58():
    """shaanxi-xakjj-2022-budget.pdf p57-58 表10 (元, checked by eye): 204004 西安市社会科学院 4,600,000 = 通用项目 200,000
    (大型活动 200,000) + 专用项目 4,400,000 (其他履职尽责专项业务费 = Σ 7 projects); 204001 专用项目 882,575,000 = “西安友谊奖”
    外国专家奖励 300,000 + 其他履职尽责专项业务费 882,275,000. Row 8 (p57, line 965) “魅力中国—外籍人才眼中最具吸引力的中国城市”
    评选 700,000: its label runs on, clipped, under the 项目金额 cell; the reader once put 选 there ("选700000", the 70.00
    万元 every enclosing sum missed) and now keeps it in its cell (pipelines/read clip placement), so all 21 sums hold."""
    result = _project_list("shaanxi-xakjj-2022-budget.pdf")
    by_key = {(f.line_label or f.item, f.measure): f.amount for f in result.facts}
    assert by_key[("1 / 全额 / 204004 / 西安市社会科学院 / 通用项目 / 大型活动", "amount")] == 20
    row8 = "1 / 全额 / 204001 / 西安市科学技术局 / 专用项目 / 其他履职尽责专项业务费 / 魅力中国—外籍人才眼中最具吸引力的中国城市评选"
    assert by_key[(row8, "amount")] == 70
    assert not [f for f in result.findings if f.check == "amount_unreadable"]
    checks = identities(result)
    assert len(checks) == 1 + 20 and all(e == o for _, _, e, o in checks)  # 合计 and the 20 group rows
