"""Identities as real budgets print them (issue 14 notes of the two-sided tables): a parent item or its
children counted once, 财政拨款 = Σ its funds, 支出用途 sides, the expenditure side's 合计 column, hierarchy
on 收支总表 and the new table kinds. Each on a minimal hand-placed table: the facts are written straight
into fact_amount and only the comparison queries run (no reader, no GX)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pipelines.validate.comparisons import compute_comparisons
from tests.validate.warehouse import DOC, insert_table, one_document


@pytest.fixture()
def con(tmp_path):
    con = one_document(tmp_path / "w.duckdb")
    yield con
    con.close()


def load(con, table_kind: str, rows: list[tuple], table_seq: int = 1) -> None:
    """rows: (func_code, econ_code, item, measure, amount) of one table; one printed line per key and call."""
    insert_table(con, table_kind, [dict(zip(("func_code", "econ_code", "item", "measure", "amount"), row))
                                   for row in rows], table_seq)


def results(con, rule: str) -> list[tuple[str, float, float, bool]]:
    frame = compute_comparisons(con, [DOC])
    frame = frame[frame["rule_id"] == rule]
    return sorted((s, e, o, x <= 0) for s, e, o, x in zip(frame["subject"], frame["expected"], frame["observed"], frame["excess"]))


# 深圳市财政局 2026 收支总表 (guangdong-szczj-2026-budget.pdf p16-18): 一、财政拨款 36,989.05 over
# 1.一般公共预算拨款 36,989.05, 2.政府性基金 0, 3.国有资本经营 0; 二、财政专户 0; 三、单位资金 0 over its five parts
SHENZHEN_INCOME = [
    (None, None, "fiscal_grant", "amount", "36989.05"),
    (None, None, "general_public_budget_grant", "amount", "36989.05"),
    (None, None, "gov_fund_grant", "amount", "0.00"),
    (None, None, "soe_capital_grant", "amount", "0.00"),
    (None, None, "special_account_income", "amount", "0.00"),
    (None, None, "unit_funds", "amount", "0.00"),
    (None, None, "business_income", "amount", "0.00"),
    (None, None, "other_income", "amount", "0.00"),
    (None, None, "income_total", "amount", "36989.05"),
]


def test_ts04_counts_a_parent_item_or_its_children_not_both(con):
    load(con, "summary", SHENZHEN_INCOME)
    assert results(con, "TS04") == [("income_total amount", 36989.05, 36989.05, True)]  # not 73,978.10


def test_ts04_counts_the_children_when_the_parent_is_not_printed(con):
    load(con, "summary", [row for row in SHENZHEN_INCOME if row[2] != "fiscal_grant"])
    assert results(con, "TS04") == [("income_total amount", 36989.05, 36989.05, True)]


def test_ts09_fiscal_grant_is_the_sum_of_its_funds(con):
    rows = [r if r[2] != "gov_fund_grant" else (None, None, "gov_fund_grant", "amount", "12.00") for r in SHENZHEN_INCOME]
    load(con, "fiscal_summary", rows)
    assert results(con, "TS09") == [("fiscal_grant amount", 36989.05, 37001.05, False)]


def test_ts05_counts_the_expenditure_items_that_are_no_class(con):
    # 广州 收支预算总表: the 类 rows, then 上缴上级支出 / 对附属单位补助支出 / 事业单位经营支出
    load(con, "summary", [(None, None, "expenditure_total", "amount", "110.00"), ("201", None, None, "amount", "100.00"),
                          (None, None, "remit_superior", "amount", "6.00"), (None, None, "operating_expense", "amount", "4.00")])
    assert results(con, "TS05") == [("expenditure_total amount", 110.0, 110.0, True)]


def test_ts08_an_expenditure_side_by_purpose(con):
    # 江苏 公开01表: 一、基本支出 / 二、项目支出 / 三、单位预留机动经费, then 支出合计
    load(con, "summary", [(None, None, "expenditure_basic", "amount", "900.00"),
                          (None, None, "expenditure_project", "amount", "95.50"),
                          (None, None, "expenditure_reserve", "amount", "4.50"),
                          (None, None, "expenditure_total", "amount", "1000.00")])
    assert results(con, "TS08") == [("expenditure_total amount", 1000.0, 1000.0, True)]


def test_ts07_reads_the_expenditure_side_in_its_total_column(con):
    # 财政拨款收支总表 whose expenditure side prints 合计 | 一般公共预算 | 政府性基金: 收入总计 (amount) = 支出总计 (total)
    load(con, "fiscal_summary", [(None, None, "income_grand_total", "amount", "500.00"),
                                 (None, None, "expenditure_grand_total", "total", "500.00"),
                                 (None, None, "expenditure_grand_total", "gpb", "480.00"),
                                 (None, None, "expenditure_grand_total", "gov_fund", "20.00")])
    assert results(con, "TS07") == [("income_grand_total amount", 500.0, 500.0, True)]


def test_hi01_runs_on_a_summary_with_kuan_placed_by_name(con):
    # 收支总表 listing 一、一般公共服务支出 and its 款 by name (placed 201 / 20101 / 20103 by the normaliser)
    load(con, "summary", [("201", None, None, "amount", "300.00"), ("20101", None, None, "amount", "120.00"),
                          ("20103", None, None, "amount", "170.00")])
    assert results(con, "HI01") == [("201 amount", 300.0, 290.0, False)]


@pytest.mark.parametrize("kind,column,parent,children", [
    ("fiscal_expenditure", 0, "208", ("20801", "20802")),
    ("gpb_basic_expenditure_func", 0, "208", ("20801", "20802")),
    ("gpb_expenditure_econ", 1, "301", ("30101", "30102")),
    ("basic_expenditure", 1, "301", ("30101", "30102")),
    ("fiscal_basic_expenditure", 1, "301", ("30101", "30102")),
])
def test_hierarchy_runs_on_the_new_table_kinds(con, kind, column, parent, children):
    def row(code, amount):
        codes = [None, None]
        codes[column] = code
        return (*codes, None, "total", amount)
    load(con, kind, [row(parent, "10.00"), row(children[0], "4.00"), row(children[1], "5.00")])
    rule = "HI01" if column == 0 else "HI02"
    assert results(con, rule) == [(f"{parent} total", 10.0, 9.0, False)]


def test_row_sums_on_the_new_table_kinds(con):
    load(con, "fiscal_expenditure", [("20801", None, None, "total", "10.00"), ("20801", None, None, "basic", "6.00"),
                                     ("20801", None, None, "project", "4.00")])
    load(con, "gpb_basic_expenditure_func", [("20801", None, None, "total", "6.00"),
                                             ("20801", None, None, "personnel", "5.00"),
                                             ("20801", None, None, "public_use", "2.00")], table_seq=2)
    assert results(con, "RS03") == [("20801", 10.0, 10.0, True)]
    assert results(con, "RS05") == [("20801", 6.0, 7.0, False)]


def test_rs01_counts_the_fund_columns_only_without_their_fiscal_grant_column(con):
    # 收入表 printing 合计 | 财政拨款 | 一般公共预算 | 政府性基金 | 事业收入: the funds are inside 财政拨款
    load(con, "income", [("201", None, None, "total", "100.00"), ("201", None, None, "fiscal_grant", "90.00"),
                         ("201", None, None, "gpb", "80.00"), ("201", None, None, "gov_fund", "10.00"),
                         ("201", None, None, "business_income", "10.00"),
                         ("202", None, None, "total", "50.00"), ("202", None, None, "gpb", "50.00")])
    assert results(con, "RS01") == [("201", 100.0, 100.0, True), ("202", 50.0, 50.0, True)]


# --- codes nobody listed (issue 14 item 5)

def _label(con, system: str, code: str, label: str) -> None:
    con.execute("insert into class_label values (?, ?, ?, ?)", [system, code, label, DOC])


def test_a_printed_code_the_list_lacks_is_trusted_when_the_sums_around_it_hold(con):
    # 2240109 应急管理 (shaanxi-xaajj-tables-2019-budget.pdf prints codes of 22401 the 2019 list lacks):
    # 22401 = 2240101 + 2240109 holds → CD01 is info and the code enters v_class_dictionary for 2019's year
    from pipelines.validate.runner import validate_documents
    con.execute("update dim_document set year = 2019")
    load(con, "gpb_expenditure", [("22401", None, None, "total", "30.00"), ("2240101", None, None, "total", "10.00"),
                                  ("2240109", None, None, "total", "20.00"), ("224", None, None, "total", "30.00"),
                                  (None, None, "total", "total", "30.00")])
    con.execute("update fact_amount set row_label = '应急管理' where func_code = '2240109'")
    _label(con, "func", "2240109", "应急管理")
    validate_documents(con, [DOC])
    finding = con.execute("select severity, passed, detail from dq_results where \"check\" = 'CD01' "
                          "and detail like '%2240109%'").fetchall()
    entry = con.execute("select name, year, source, source_page from v_class_dictionary where code = '2240109'").fetchall()
    seen = con.execute("select verified, verified_facts, broken_facts from v_class_as_printed where code = '2240109'").fetchall()
    assert finding and finding[0][:2] == ("info", True) and "trusted" in finding[0][2]
    assert entry == [("应急管理", 2019, "report", 1)]
    assert seen == [(True, 1, 0)]


def test_a_printed_code_the_list_lacks_stays_a_warning_when_its_sums_break(con):
    from pipelines.validate.runner import validate_documents
    load(con, "gpb_expenditure", [("22401", None, None, "total", "30.00"), ("2240101", None, None, "total", "10.00"),
                                  ("2240109", None, None, "total", "25.00"), ("224", None, None, "total", "30.00")])
    con.execute("update fact_amount set row_label = '应急管理' where func_code = '2240109'")
    _label(con, "func", "2240109", "应急管理")
    validate_documents(con, [DOC])
    finding = con.execute("select severity from dq_results where \"check\" = 'CD01' and detail like '%2240109%'").fetchall()
    entry = con.execute("select count(*) from v_class_dictionary where code = '2240109'").fetchone()[0]
    assert finding == [("warning",)] and entry == 0


@pytest.mark.parametrize("codes,warned", [
    # 北京 预算05表 (beijing-jxj-tables-2026-budget p8): 项 only, no 类 or 款 anywhere: the table's layout
    (["2050803", "2060303", "2080501"], set()),
    # 类 and 项 with no 款 anywhere (fujian-qzzfb-2026-budget's 功能分类 tables): a layout too
    (["201", "2010301", "2010350"], set()),
    # 类, 款 and 项 printed, one 项 whose 款 is missing: a lost row, CD01 warns on it
    (["201", "20103", "2010301", "2010601"], {"2010601"}),
])
def test_cd01_warns_of_a_missing_parent_only_where_the_table_prints_that_level(con, codes, warned):
    from pipelines.validate.runner import validate_documents
    load(con, "gpb_expenditure", [(code, None, None, "total", "1.00") for code in codes])
    validate_documents(con, [DOC])
    found = con.execute("select detail from dq_results where \"check\" = 'CD01' and not passed").fetchall()
    assert {d.split()[2].rstrip(":") for (d,) in found if "parent code not printed" in d} == warned


def test_rs03_reads_basic_as_its_two_parts_when_no_basic_column_is_printed(con):
    # shaanxi-xakjj-2022-budget.pdf p46 表5 row 7 (2060101 行政运行, 元): 合计 11,876,000.79 = 人员经费支出
    # 10,864,482.71 + 公用经费支出 1,011,518.08 + 专项业务经费支出 0 (no 基本支出 column)
    load(con, "gpb_expenditure", [("2060101", None, None, "total", "1187.600079"),
                                  ("2060101", None, None, "personnel", "1086.448271"),
                                  ("2060101", None, None, "public_use", "101.151808"),
                                  ("2060101", None, None, "project", "0")])
    load(con, "gpb_expenditure", [("2060102", None, None, "total", "10.00"), ("2060102", None, None, "basic", "6.00"),
                                  ("2060102", None, None, "personnel", "5.00"), ("2060102", None, None, "public_use", "1.00"),
                                  ("2060102", None, None, "project", "4.00")], table_seq=2)
    assert results(con, "RS03") == [("2060101", 1187.6, 1187.6, True), ("2060102", 10.0, 10.0, True)]


def test_a_parent_with_an_unloaded_row_under_it_is_not_compared(con):
    # guangdong-szkab-2026-budget.pdf p15: 海关事务 46,161.69 over 行政运行 3,053.34 and 口岸管理 43,108.34, a name
    # the reader could not place (extract.row_unmapped at line 225): 20109 ≠ 2010901 alone is a coverage gap
    load(con, "summary", [("201", None, None, "amount", "46284.00"), ("20109", None, None, "amount", "46161.69"),
                          ("2010901", None, None, "amount", "3053.34"), ("208", None, None, "amount", "654.07")])
    con.execute("update fact_amount set source_line = case func_code when '201' then 222 when '20109' then 223 "
                "when '2010901' then 224 else 228 end")
    assert [r[0] for r in results(con, "HI01")] == ["201 amount", "20109 amount"]
    con.execute("insert into dq_results values (?, 'extract.row_unmapped', 'error', false, null, null, "
                "'expenditure row 口岸管理 matches no item', 'summary', 15, 225, '口岸管理', now())", [DOC])
    assert results(con, "HI01") == []


def test_rs01_total_of_this_years_income_and_the_carry_over(con):
    # zhejiang-hzjtj-2026-budget.pdf p24 合计 row: 总计 665,964.37 = 本年收入 小计 648,105.52 (= 一般公共预算
    # 414,883.38 + 政府性基金 221,493.00 + 事业收入 9,680.97 + 其他收入 2,048.18) + 上年结转结余 小计 17,858.84
    # (= 一般公共预算 17,680.93 + 政府性基金 177.92): each sub-column is counted through its 小计 only
    load(con, "income", [(None, None, "total", m, a) for m, a in (
        ("total", "665964.37"), ("income", "648105.52"), ("gpb", "414883.38"), ("gov_fund", "221493.00"),
        ("business_income", "9680.97"), ("other_income", "2048.18"), ("carryover_begin", "17858.84"),
        ("carryover_gpb", "17680.93"), ("carryover_gov_fund", "177.92"))])
    assert results(con, "RS01") == [("total", 665964.37, 665964.36, True)]


def test_a_row_sum_reads_one_printed_row(con):
    # fujian-fzmzj-2026-budget.pdf p13 收入总表: the 合计 row and the department's own row are both keyed total;
    # each row's 合计 2,249.92 = 一般公共预算 2,144.92 + 政府性基金 75.00 + 上年结转 30.00 (not both rows' parts)
    for _ in range(2):
        load(con, "income", [(None, None, "total", m, a) for m, a in (
            ("total", "2249.92"), ("gpb", "2144.92"), ("gov_fund", "75.00"), ("carryover_begin", "30.00"))])
    assert results(con, "RS01") == [("total", 2249.92, 2249.92, True)] * 2


def test_an_of_which_line_is_no_breakdown_of_its_parent(con):
    # chongqing-swu-2023-final.pdf p8 收入支出决算总表: 一、财政拨款收入 243,015.38 then 其中:政府性基金预算财政拨款
    # 109.50 — one part only: TS09 does not compare (it would call 243,015.38 ≠ 109.50 a break)
    load(con, "summary", [(None, None, "fiscal_grant", "amount", "243015.38"), (None, None, "gov_fund_grant", "amount", "109.50")])
    assert results(con, "TS09") == []


def _quarantined(con) -> list[tuple]:
    return con.execute("select table_seq, table_kind from doc_table where document_id = ? and quarantine_reason "
                       "like '%10,000%' order by 1", [DOC]).fetchall()


def _tables(con, kinds_and_scales: list[tuple[str, str]]) -> None:
    for seq, (kind, scale) in enumerate(kinds_and_scales, 1):
        con.execute("insert into doc_table (document_id, table_seq, table_kind, title, title_line, layout, status, "
                    "rows_read, facts) values (?, ?, ?, ?, ?, 'coded', 'loaded', 3, 3)", [DOC, seq, kind, kind, seq])
        measure = "amount" if kind == "summary" else "total"
        load(con, kind, [(code, None, None, measure, str(D(value) * D(scale))) for code, value in
                         (("201", "6651.38"), ("208", "9926.96"), ("214", "174964.64"))], table_seq=seq)


def test_a_table_10000_times_off_the_same_class_totals_elsewhere_is_quarantined(con):
    # a scan of zhejiang-hzjtj-2026-budget p22 (收支总表) whose 单位 line OCR read as 元: its 类 amounts came out
    # at 1/10,000 of 支出表/财政拨款收支总表/一般公共预算支出表's (201 6,651.38 万元 read as 0.665138)
    from pipelines.validate.runner import validate_documents
    _tables(con, [("summary", "0.0001"), ("expenditure", "1"), ("fiscal_summary", "1"), ("gpb_expenditure", "1")])
    report = validate_documents(con, [DOC])
    assert _quarantined(con) == [(1, "summary")]
    assert "1/10,000 of the same 功能分类 totals in 3 other tables" in report.findings.query("check == 'TQ01'").detail.iloc[0]


@pytest.mark.parametrize("scales", [
    [("summary", "1"), ("expenditure", "1"), ("gpb_expenditure", "1")],  # all agree
    [("summary", "0.0001"), ("expenditure", "1")],  # two tables 10,000× apart: which is wrong is not known
    [("summary", "10"), ("expenditure", "1"), ("gpb_expenditure", "1")],  # a tenth (xakjj p42 vs p45): not a unit
])
def test_no_table_is_blamed_for_a_scale_without_two_others_against_it(con, scales):
    from pipelines.validate.runner import validate_documents
    _tables(con, scales)
    validate_documents(con, [DOC])
    assert _quarantined(con) == []
