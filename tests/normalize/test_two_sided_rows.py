"""Rows of two-sided tables (收支总表, 财政拨款收支总表): income labels as budget reports print them,
expenditure sides by 功能分类 名 at every level (resolved only in context) or by 支出用途, headers
printed a cell off, several (label, amount) pairs on one side. Minimal hand-placed cases first,
then real files (../shared/real, read in place) with figures checked by eye and the table's
two-sided identities (rules.yaml TS01–TS07)."""

from decimal import Decimal

import pytest

from pipelines.model import Line, LocatedTable, ReportMeta
from pipelines.normalize import normalize_table
from pipelines.textnorm import compact, strip_enumeration
from tests.normalize.real_pages import needs_real, real_table
from tests.normalize.two_sided_identities import two_sided_checks

META = ReportMeta(unit_name="测试单位", unit_code=None, region=None, year=2026, stage="budget", scope="unit",
                  money_unit="wan_yuan")


def two_sided(rows: list[list[str]], kind: str = "summary"):
    lines = tuple(Line(number=i + 1, page=1, raw="\t".join(r), cells=tuple(r)) for i, r in enumerate(rows))
    table = LocatedTable(kind=kind, title=kind, title_line=0, printed_number=None, money_unit="wan_yuan",
                         rows=lines, notes=(), declared_empty=False)
    return normalize_table(table, META)


def facts_of(result, measure="amount"):
    return {(f.item or f.func_code): f.amount for f in result.facts if f.measure == measure}


def checks_hold(result, measure="amount"):
    checks = two_sided_checks(result, measure)
    assert checks, "no identity could be checked"
    assert all(ok for *_, ok in checks.values()), checks
    return checks


@pytest.mark.parametrize("printed, key", [
    ("一一般公共服务支出、", "一般公共服务支出"),  # WPS moved the 、 behind the text (Chongqing)
    ("七住房保障支出()", "住房保障支出"),
    ("一一般公共服务支出)(", "一般公共服务支出"),
    ("十一城乡社区支出、", "城乡社区支出"),
    ("1(一)一般公共预算资金", "一般公共预算资金"),  # a stray row digit before (一)
    ("1. 一 般 公共预算", "一般公共预算"),
    ("一般公共预算资金、", "一般公共预算资金、"),  # no number moved: the 一 of 一般 stays
])
def test_enumeration_variants_are_removed_from_labels(printed, key):
    assert strip_enumeration(compact(printed)) == key


def test_names_of_kuan_and_xiang_get_codes_under_their_class():
    result = two_sided([
        ["收入", "", "支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        ["一、财政拨款", "100.00", "一、一般公共服务支出", "100.00"],
        ["1.一般公共预算拨款", "100.00", "财政事务", "100.00"],
        ["", "", "行政运行", "60.00"],
        ["", "", "其他财政事务支出", "40.00"],
        ["本年收入合计", "100.00", "本年支出合计", "100.00"],
    ])
    facts = facts_of(result)
    assert facts["201"] == facts["20106"] == Decimal("100.00")
    assert facts["2010601"] == Decimal("60.00")  # 行政运行 exists under dozens of 款: 20106's is meant
    assert facts["2010699"] == Decimal("40.00")
    assert facts["general_public_budget_grant"] == Decimal("100.00")
    assert {f.check for f in result.findings} == {"code_from_name"}
    checks_hold(result)


def test_children_of_an_unlisted_row_are_labelled_under_it_until_its_amount_is_used_up():
    result = two_sided([
        ["收入", "", "支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        ["一、财政拨款", "100.00", "交通运输支出", "100.00"],
        ["", "", "公路水路运输", "70.00"],
        ["", "", "行政运行", "70.00"],
        ["", "", "某新设款级科目", "30.00"],  # no code in the dictionary
        ["", "", "公路水路运输", "30.00"],  # a child of the new 款, not 21401 again
        ["", "", "其他交通运输支出", "0.00"],  # the new 款's 30.00 is used up: back in context
        ["本年收入合计", "100.00", "本年支出合计", "100.00"],
    ])
    facts = facts_of(result)
    assert facts["21401"] == Decimal("70.00") and facts["2140101"] == Decimal("70.00")
    assert facts["21499"] == Decimal("0.00")
    # no code guessed: labelled rows by their printed path, the new 款 under 214 (21401's 70.00 is used up)
    assert {f.line_label: f.amount for f in result.facts if f.item == "unlisted_func_class"} == {
        "214 / 某新设款级科目": Decimal("30.00"), "214 / 某新设款级科目 / 公路水路运输": Decimal("30.00")}
    assert [f.row_label for f in result.findings if f.check == "class_unlisted"] == ["某新设款级科目", "公路水路运输"]
    assert not any(f.check == "row_unmapped" for f in result.findings)
    checks_hold(result)


def test_a_header_printed_a_cell_off_still_splits_at_the_expenditure_labels():
    # Guangzhou: "项目 | 收入 | 预算 | | 项目 | 支出 | 预算" over "label | | | amount | label | | | amount"
    result = two_sided([
        ["单位名称:某局项目", "收入", "预算", "", "项目", "支出", "预算", "单位:万元"],
        ["一、预算拨款", "", "", "90.00", "一、一般公共服务支出", "", "", "100.00"],
        ["二、其他收入", "", "", "10.00", "二、上缴上级支出", "", "", "0.00"],
        ["本年收入合计", "", "", "100.00", "本年支出合计", "", "", "100.00"],
        ["上年结转结余", "", "", "0.00", "结转结余下年", "", "", "0.00"],
        ["收入总计", "", "", "100.00", "支出总计", "", "", "100.00"],
    ])
    facts = facts_of(result)
    assert facts["fiscal_grant"] == Decimal("90.00") and facts["201"] == Decimal("100.00")
    assert facts["remit_superior"] == Decimal("0.00") and facts["carryover_end"] == Decimal("0.00")
    assert not [f for f in result.findings if f.severity == "error"]
    assert len(checks_hold(result)) == 3


def test_a_side_printed_twice_by_class_and_by_purpose_keeps_the_total_label_of_its_first_pair():
    # Jiangsu: 功能分类 (name, amount) and 支出用途 (name, amount); 当年支出小计's number is in the last pair
    result = two_sided([
        ["收入", "", "支出", "", "", ""],
        ["项目名称", "金额", "功能分类", "", "支出用途", ""],
        ["", "", "功能科目名称", "金额", "项目名称", "金额"],
        ["一、财政拨款", "10.00", "一、一般公共服务支出", "10.00", "一、基本支出", "6.00"],
        ["1.一般公共预算", "10.00", "二、外交支出", "", "二、项目支出", "3.00"],
        ["", "", "", "", "三、单位预留机动经费", "1.00"],
        ["当年收入小计", "10.00", "当年支出小计", "", "", "10.00"],
    ])
    facts = facts_of(result)
    assert facts["expenditure_basic"] == Decimal("6.00") and facts["expenditure_reserve"] == Decimal("1.00")
    assert facts["expenditure_total"] == Decimal("10.00") and facts["201"] == Decimal("10.00")
    assert facts["income_total"] == Decimal("10.00")
    checks_hold(result)


def test_a_total_after_the_carry_over_rows_is_the_grand_total():
    # Chongqing 财政拨款收支总表: 一、本年收入 … 二、上年结转 (一)… 收入合计 (= both)
    result = two_sided([
        ["收入", "", "支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        ["一、本年收入", "90.00", "一、本年支出", "100.00"],
        ["(一)一般公共预算资金", "90.00", "(一)教育支出", "100.00"],
        ["二、上年结转", "10.00", "二、结转下年", ""],
        ["(一)一般公共预算拨款", "10.00", "", ""],
        ["收入合计", "100.00", "支出合计", "100.00"],
    ], kind="fiscal_summary")
    facts = facts_of(result)
    assert facts["income_total"] == Decimal("90.00") and facts["carryover_begin_gpb"] == Decimal("10.00")
    assert facts["income_grand_total"] == Decimal("100.00") == facts["expenditure_grand_total"]
    assert facts["205"] == Decimal("100.00")
    checks_hold(result)


# --- real files: (file, first line, last line, kind, money unit, figures checked by eye on the page)
REAL_TWO_SIDED = [
    # p6–7 收支总体情况表: header printed a cell off; 一、预算拨款 9,433.72, 201 8,295.28, 本年收入合计 9,483.72
    ("guangdong-gztjj-2026-budget.pdf", 82, 114, "summary", "wan_yuan",
     {"fiscal_grant": "9433.72", "201": "8295.28", "221": "764.12", "income_total": "9483.72"}),
    ("guangdong-gztjj-2026-budget.pdf", 167, 197, "fiscal_summary", "wan_yuan",
     {"general_public_budget_grant": "9433.72", "208": "370.17", "expenditure_grand_total": "9433.72"}),
    # p15–16 收支总表: 海关事务 46,161.69 (20109), its 行政运行 3,053.34, 其他支出 three times (229, 22999,
    # 2299999) 7,647.43, 上年结余、结转 753.13, 1.财政拨款结余、结转 753.13. (口岸管理 43,108.34 has no code in
    # the dictionary; the two 其他一般公共服务支出 rows of 122.31 below it could be its children and stay
    # unloaded with a finding.)
    ("guangdong-szkab-2026-budget.pdf", 220, 252, "summary", "wan_yuan",
     {"20109": "46161.69", "2010901": "3053.34", "2299999": "7647.43", "carryover_begin": "753.13",
      "carryover_begin_fiscal": "753.13", "income_grand_total": "55884.67"}),
    # p1 收支预算总表 (Jiangsu 2018): 一、基本支出 5,678.17, 当年支出小计 10,150.48 in the 支出用途 pair
    ("jiangsu-zhengxie-tables-2018-budget.pdf", 4, 29, "summary", "wan_yuan",
     {"expenditure_basic": "5678.17", "expenditure_reserve": "1157.63", "expenditure_total": "10150.48",
      "other_funds": "80.00", "201": "7827.46"}),
    # p7 财务收支预算总表 (元): 1、一般公共预算 66,716,064, 一、科学技术支出 69,733,764
    ("shanghai-xingkeyuan-2026-budget.pdf", 62, 73, "summary", "yuan",
     {"general_public_budget_grant": "6671.6064", "other_income": "400.0000"}),
    # p8 部门收支总体情况表: "一一般公共预算资金、" 101,833.84, 合计 174,900.64 on both sides
    ("chongqing-swj-2026-budget.pdf", 173, 184, "summary", "wan_yuan",
     {"general_public_budget_grant": "101833.84", "205": "55670.32", "income_total": "174900.64"}),
    # p18 财政拨款收支总体情况表: "1(一)一般公共预算资金" 223,898.88, 收入合计 274,164.30
    ("chongqing-ghzyj-2026-budget.pdf", 281, 297, "fiscal_summary", "wan_yuan",
     {"general_public_budget_grant": "223898.88", "carryover_begin_gpb": "4056.23",
      "income_grand_total": "274164.30"}),
    # p25–27 部门收支预算总表 (names only, indented): p26 公共卫生 9,964.60; 突发公共卫生事件应急处置 30.00 has
    # no code in the dictionary; 其他公共卫生支出 494.63 is more than it holds, so it is 2100499 under 公共卫生;
    # 行政单位医疗 30.16. (Its 财政拨款收支预算总表, p33, prints 财政拨款 38,191.21 over classes that add up
    # to 64,618.76 — the 财政拨款 of this table: a report inconsistency, not a misreading.)
    ("zhejiang-huzwjw-2026-budget.pdf", 542, 615, "summary", "wan_yuan",
     {"21004": "9964.60", "2100499": "494.63", "2101101": "30.16", "fiscal_grant": "64618.75"}),
]


@needs_real
@pytest.mark.parametrize("name, first, last, kind, unit, figures", REAL_TWO_SIDED,
                         ids=[f"{r[0][:24]}-{r[3]}" for r in REAL_TWO_SIDED])
def test_real_two_sided_tables(name, first, last, kind, unit, figures):
    result = real_table(name, first, last, kind, unit)
    assert result.layout == "two_sided"
    facts = {**facts_of(result, "total"), **facts_of(result)}
    for key, amount in figures.items():
        assert facts.get(key) == Decimal(amount), (key, facts.get(key))
    assert not [f for f in result.findings if f.check in ("row_unlabelled", "column_unmapped")]
    checks_hold(result)
