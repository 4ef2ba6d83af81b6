"""三公 tables read by column position (layouts/three_public_columns.py): hand-placed headers, then real
reports whose figures were checked on the page (file, page, line) and whose 三公 identities hold."""

from decimal import Decimal

import pytest

from pipelines.load.coverage import table_amount_cells
from pipelines.model import Line, LocatedTable, ReportMeta
from pipelines.normalize import normalize_table
from pipelines.reference import load_yaml
from tests.normalize.real_pages import needs_real, real_table


def table(*rows: tuple[str, ...], unit: str = "wan_yuan", year: int = 2026, stage: str = "budget"):
    lines = tuple(Line(number=i + 1, page=9, raw="\t".join(r), cells=r, engine="camelot") for i, r in enumerate(rows))
    located = LocatedTable(kind="three_public", title="三公", title_line=0, printed_number=None, money_unit=unit,
                           rows=lines, notes=(), declared_empty=False)
    meta = ReportMeta(unit_name="某局", unit_code=None, region=None, year=year, stage=stage, scope="department",
                      money_unit=unit)
    return normalize_table(located, meta)


def facts_of(result) -> dict[tuple, Decimal]:
    return {(f.unit_name, f.measure, f.item): f.amount for f in result.facts}


def identities_hold(result) -> None:
    """Every 三公 identity of three_public.yaml holds for every unit and measure that prints its whole."""
    facts = facts_of(result)
    checked = 0
    for (unit, measure, item), whole in facts.items():
        for rule in load_yaml("three_public.yaml")["identities"]:
            if rule["whole"] == item:
                parts = [facts.get((unit, measure, p), Decimal(0)) for p in rule["parts"]]
                assert abs(whole - sum(parts)) <= Decimal("0.01") * len(parts), (unit, measure, item, whole, parts)
                checked += 1
    assert checked


HEADER = (("合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费"),
          ("", "", "小计", "公务用车购置费", "公务用车运行费", ""))


def test_one_group_takes_the_report_stage_as_its_measure():
    budget = table(*HEADER, ("890.97", "552.00", "217.90", "", "217.90", "121.07"))
    assert budget.layout == "three_public_columns"
    assert facts_of(budget) == {
        (None, "budget", "three_public_total"): Decimal("890.97"), (None, "budget", "outbound_travel"): Decimal("552.00"),
        (None, "budget", "official_vehicles"): Decimal("217.90"), (None, "budget", "vehicle_operation"): Decimal("217.90"),
        (None, "budget", "official_reception"): Decimal("121.07")}  # the blank 购置费 is no fact
    final = table(*HEADER, ("1", "0", "0", "0", "0", "1"), stage="final")
    assert {m for _, m, _ in facts_of(final)} == {"final"}


def test_a_grand_total_beside_the_three_public_subtotal_with_meetings_and_training():
    result = table(("合计", "“三公”经费", "", "", "", "", "", "会议费", "培训费"),
                   ("", "小计", "因公出国(境)费", "公务用车购置及运行维护费", "", "", "公务接待费", "", ""),
                   ("", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""),
                   ("20", "6", "1", "3", "1", "2", "2", "10", "4"))
    facts = facts_of(result)
    assert facts[(None, "budget", "three_public_meeting_training_total")] == 20
    assert facts[(None, "budget", "three_public_total")] == 6
    assert facts[(None, "budget", "official_vehicles")] == 3  # the second 小计 precedes 购置费
    assert facts[(None, "budget", "meeting_expenses")] == 10 and facts[(None, "budget", "training_expenses")] == 4
    identities_hold(result)


def test_labels_split_over_two_rows_or_cut_short_still_name_their_part():
    result = table(("单位名称", "“三公”经费合", "因公出国(", "公", "务用车购置及运行", "费", "公公务接待费"),
                   ("", "计", "", "小计", "公务用车购置经费", "公务用车运行维护", ""),
                   ("合计", "5", "1", "3", "1", "2", "1"))
    assert {item for _, _, item in facts_of(result)} == {
        "three_public_total", "outbound_travel", "official_vehicles", "vehicle_purchase", "vehicle_operation",
        "official_reception"}


def test_unit_rows_the_department_row_restates_the_total():
    result = table(("单位名称", "“三公”经费合计", "因公出国(境)费用", "公务用车购置及运行费", "", "", "公务接待费"),
                   ("", "", "", "小计", "公务用车购置费", "公务用车运行维护费", ""),
                   ("合计", "3.00", "", "2.00", "", "2.00", "1.00"),
                   ("某局", "3.00", "", "2.00", "", "2.00", "1.00"),
                   ("某中心", "2.50", "", "2.00", "", "2.00", "0.50"),
                   ("某局", "0.50", "", "", "", "", "0.50"))
    facts = facts_of(result)
    assert facts[(None, "budget", "three_public_total")] == 3
    assert facts[("某中心", "budget", "official_vehicles")] == 2
    assert facts[("某局", "budget", "official_reception")] == Decimal("0.50")  # the 本级 unit, printed again
    assert not [f for f in result.findings if f.check == "total_mismatch"]
    # the department row's 4 cells restate the 合计 row: accounted for, so coverage counts the 10 loaded cells
    # (合计 4, 某中心 4, 某局 本级 2) of the 14 printed
    assert [(f.check, f.observed) for f in result.findings] == [("total_restated", "4")]
    assert table_amount_cells(result) == len(result.facts) == 10


def test_year_groups_and_a_derived_change_group():
    parts = ("合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行维护费", "", "")
    result = table(("2021年", "", "", "", "", "", "2022年", "", "", "", "", "", "增减变化情况", "", "", "", "", ""),
                   parts * 3, ("", "", "", "小计", "公务用车购置费", "公务用车运行费") * 3,
                   ("4", "1", "1", "2", "0", "2", "5", "1", "2", "2", "0", "2", "1", "0", "1", "0", "0", "0"), year=2022)
    facts = facts_of(result)
    assert facts[(None, "prior_budget", "three_public_total")] == 4 and facts[(None, "budget", "three_public_total")] == 5
    assert len(facts) == 12  # the 增减变化情况 group is derived: not loaded
    assert [(f.check, f.observed) for f in result.findings] == [("column_derived", "6")]  # its 6 printed cells
    assert table_amount_cells(result) == 12  # printed but derived: no gap


def test_operating_costs_printed_beside_three_public_are_their_own_kind():
    result = table(("“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"),
                   ("合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""),
                   ("", "", "", "小计", "购置费", "运行费", ""),
                   ("37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"))
    kinds = {f.item: f.table_kind for f in result.facts}
    assert kinds["operating_costs_total"] == "operating_costs" and kinds["three_public_total"] == "three_public"


def test_fund_sub_columns_under_each_part_are_not_this_layout():
    result = table(("预算单位", "总计", "", "因公出国(境)费", "", "公务接待费", ""),
                   ("", "一般公共预算", "政府性基金预算", "一般公共预算", "政府性基金预算", "一般公共预算", "政府性基金预算"),
                   ("某局", "2", "0", "1", "0", "1", "0"))
    assert result.layout != "three_public_columns"


# (file, first line, last line, unit, year, {(unit name, measure, item): amount as printed on the page})
REAL = [
    # p9 公开09表 “三公”经费、会议费、培训费支出预算表: 1,656.86 | 675.10 | 106.00 | 156.60 | | 156.60 | 412.50 | 884.16 | 97.60
    ("jiangsu-zhengxie-tables-2018-budget.pdf", 173, 176, "wan_yuan", 2018,
     {(None, "budget", "three_public_meeting_training_total"): "1656.86", (None, "budget", "three_public_total"): "675.10",
      (None, "budget", "official_reception"): "412.50", (None, "budget", "meeting_expenses"): "884.16",
      (None, "budget", "training_expenses"): "97.60"}),
    # p14 公开09表 (header split "因公出 / 国(境)费", "公务 | 用车购置及运 | 行维护费"): 2,382.02 | 513.75 | 160.00 | 266.80 …
    ("jiangsu-fayuan-2019-budget.pdf", 348, 351, "wan_yuan", 2019,
     {(None, "budget", "three_public_meeting_training_total"): "2382.02", (None, "budget", "outbound_travel"): "160.00",
      (None, "budget", "vehicle_operation"): "266.80", (None, "budget", "training_expenses"): "1597.25"}),
    # p18 公开09表: “三公”经费合计 10.00, 公务接待费 10.00, 会议费 10.00, 培训费 43.00 (zeros printed 0.00)
    ("jiangsu-szsjj-2026-budget.pdf", 378, 380, "wan_yuan", 2026,
     {(None, "budget", "three_public_total"): "10.00", (None, "budget", "outbound_travel"): "0.00",
      (None, "budget", "training_expenses"): "43.00"}),
    # p14 预算09表, 6 decimals: 223.799250 | 127.737000 | 11.642250 | 84.420000 | 44.920000 | 39.500000
    ("beijing-czj-tables-2026-budget.pdf", 257, 261, "wan_yuan", 2026,
     {(None, "budget", "three_public_total"): "223.799250", (None, "budget", "official_reception"): "11.642250",
      (None, "budget", "vehicle_purchase"): "44.920000"}),
    # p29 “三公”经费和机关运行经费预算表: 37.91 | 0 | 1.35 | 36.56 | 15 | 21.56 | 464.64
    ("shanghai-ptwanli-2025-budget.pdf", 413, 416, "wan_yuan", 2025,
     {(None, "budget", "three_public_total"): "37.91", (None, "budget", "vehicle_purchase"): "15",
      (None, "budget", "operating_costs_total"): "464.64"}),
    # p23 表八: 890.97 | 552.00 | 217.90 | (blank) | 217.90 | 121.07
    ("chongqing-swj-2026-budget.pdf", 427, 429, "wan_yuan", 2026,
     {(None, "budget", "three_public_total"): "890.97", (None, "budget", "outbound_travel"): "552.00"}),
    # p16 部门公开表9, group 2026年预算数: 112.61 | 68.50 | 38.60 | | 38.60 | 5.51
    ("central-gjxfj-2026-budget.pdf", 213, 216, "wan_yuan", 2026,
     {(None, "budget", "three_public_total"): "112.61", (None, "budget", "official_reception"): "5.51"}),
    # p42 表07 by unit: 合计 53.10; 湖州市疾病预防控制中心 44.50 | | 38.50 | | 38.50 | 6.00
    ("zhejiang-huzwjw-2026-budget.pdf", 923, 931, "wan_yuan", 2026,
     {(None, "budget", "three_public_total"): "53.10", ("湖州市疾病预防控制中心", "budget", "official_vehicles"): "38.50",
      ("湖州市卫生健康委员会", "budget", "official_reception"): "7.00"}),
    # p61 表13 in 元, groups 2021年 | 2022年 | 增减变化情况: 合计 746130 (2021), 1005250 (2022);
    # 204004 西安市社会科学院 2022: 583000 | 33000 | 0 | 8000 | 25000 | 0 | 25000 | 440000 | 110000
    ("shaanxi-xakjj-2022-budget.pdf", 1040, 1052, "yuan", 2022,
     {(None, "prior_budget", "three_public_meeting_training_total"): "74.6130",
      (None, "budget", "three_public_meeting_training_total"): "100.5250",
      ("西安市社会科学院", "budget", "meeting_expenses"): "44.0000",
      ("西安市社会科学院", "budget", "official_vehicles"): "2.5000"}),
]


@needs_real
@pytest.mark.parametrize("name, first, last, unit, year, figures", REAL, ids=[r[0][:28] for r in REAL])
def test_real_three_public_tables(name, first, last, unit, year, figures):
    result = real_table(name, first, last, "three_public", unit, year=year)
    assert result.layout == "three_public_columns"
    facts = facts_of(result)
    for key, printed in figures.items():
        assert facts[key] == Decimal(printed), key
    assert not [f for f in result.findings if f.severity == "error"]
    identities_hold(result)
