"""The errors a human reviewer finds in real reports (issue 15 part 3), each on a minimal hand-placed
case: NA03/NA04 (one sentence's own figures), DY01 (year, placeholder), TB01 (listed/blank tables),
UM01 (unit of measure), CN01 (code with another code's name). Real pages: bench/REVIEW_FINDINGS.md."""

from decimal import Decimal as D

import pytest

from pipelines.locate.claims_paragraphs import paragraphs
from pipelines.locate.narrative import find_claims
from pipelines.model import Line
from pipelines.validate.comparisons import compute_comparisons
from pipelines.validate.percent import check_claim, check_direction
from tests.validate.warehouse import DOC, one_document

H2, H1 = D("0.005"), D("0.05")


def _line(number: int, text: str, page: int = 1) -> Line:
    return Line(number, page, text, (text,))


def test_a_sentence_wrapped_over_two_pdf_lines_is_one_paragraph():
    # beijing-czj-text-2026-budget.pdf p7 lines 132-133 (read on the page)
    lines = (_line(132, "2026 年支出预算 44169.36 万元,比 2025 年年初预算数", 7),
             _line(133, "44021.20 万元增加 148.16 万元,增长 0.34%。主要原因是", 7),
             _line(134, "人员增加,基本经费预算有所增长。", 7),
             _line(135, "(一)基本支出。基本支出预算 28016.26 万元,占本", 7))
    found = paragraphs(lines, set())
    assert [p.text[:6] for p in found] == ["2026年支", "(一)基本支"]
    assert found[0].line_at(found[0].text.index("148.16")).number == 133
    claims = {c.claim_id: c for c in find_claims(lines, [], "budget")}
    assert claims["sentence_change_vs_base"].source_line == 133 and claims["sentence_change_vs_base"].amount == D("0.34")


def test_na03_a_change_its_two_figures_do_not_give():
    # the example: 执行数 9120.5, 预算安排 1870.42, "增加 12.31%" is a fall of 79.5 %
    outcome = check_claim("change", 1, (D("1870.42"), H2), (D("9120.5"), H1), D("12.31"), H2)
    assert outcome["excess"] > 0 and outcome["expected"] == pytest.approx(-79.49, abs=0.01)
    # beijing-czj p7: 44169.36 vs 44021.20, 增长 0.34 % holds; 增加 148.16 万元 holds (difference)
    assert check_claim("change", 1, (D("44169.36"), H2), (D("44021.20"), H2), D("0.34"), H2)["excess"] <= 0
    assert check_claim("difference", 1, (D("44169.36"), H2), (D("44021.20"), H2), D("148.16"), H2)["excess"] <= 0
    assert check_claim("difference", 1, (D("44169.36"), H2), (D("44021.20"), H2), D("184.16"), H2)["excess"] > 0
    claims = [c.claim_id for c in find_claims((_line(1, "执行数为9120.5万元，预算安排1870.42万元，增加12.31%。"),), [], "budget")]
    assert "sentence_base_then_current" in claims and "sentence_direction_base_first" in claims


def test_na04_a_comparison_word_against_its_figures():
    assert check_direction(1, (D("1870.42"), H2), (D("9120.5"), H1))["excess"] > 0  # 增加, a fall
    assert check_direction(-1, (D("1870.42"), H2), (D("9120.5"), H1))["excess"] <= 0
    assert check_direction(0, (D("65.00"), H2), (D("65.00"), H2))["excess"] <= 0  # 持平
    assert check_direction(0, (D("65.10"), H2), (D("65.00"), H2))["excess"] > 0
    assert check_direction(1, (D("65.00"), H2), (D("65.00"), H2))["excess"] <= 0  # equal as printed: unprovable


def test_heading_years_are_read_only_where_the_reports_own_year_is_right():
    lines = (_line(1, "上海市 XX 局 2023 年度部门决算"),
             _line(2, "2025 年执行数为 63.20 万元，2026 年部门预算安排 64.10 万元，与上年相比增加 0.90 万元。"),
             _line(3, "截至2023年12月31日，本单位共有车辆2辆。"))
    final = {(c.claim_id, int(c.amount)) for c in find_claims(lines, [], "final")}
    assert {("heading_year", 2023), ("placeholder", 1), ("balance_date_year", 2023)} <= final
    assert not any(c.claim_id == "heading_year" and c.source_line == 2 for c in find_claims(lines, [], "budget"))
    assert not any(c.claim_id == "balance_date_year" for c in find_claims(lines, [], "budget"))


def test_a_contents_entry_is_a_listed_table():
    lines = (_line(1, "目录"), _line(2, "5. 2026年预算单位一般公共预算支出功能分类预算表 ........ 12"),
             _line(3, "6. 2026年一般公共预算基本支出表 ........ 13"))
    listed = [c.targets[0][0] for c in find_claims(lines, [], "budget") if c.claim_id == "listed_table"]
    assert listed == ["gpb_expenditure", "gpb_basic_expenditure"]


# --- the SQL rules on a warehouse holding one hand-made document

@pytest.fixture
def con(tmp_path):
    con = one_document(tmp_path / "w.duckdb", file_name="x.txt", source_format="text", unit_id="u", year=2024,
                       stage="final", scope="unit")
    yield con
    con.close()


def _claim(con, seq, claim_id, kind, item, measure, amount, line, text="t"):
    con.execute("insert into doc_claim values (?, ?, ?, 1, ?, ?, ?, ?, ?, 1, ?, null)",
                [DOC, seq, claim_id, kind, item, measure, amount, line, text])


def _fact(con, seq, kind, measure, amount, text, line, item=None, func=None, label=None, table_seq=1):
    con.execute("insert into fact_amount (document_id, fact_seq, unit_id, scope, table_kind, func_code, item, measure, "
                "amount, amount_exact, unit_of_measure, original_unit, source_page, source_line, source_col, source_text, "
                "row_label, table_seq) values (?, ?, 'u', 'unit', ?, ?, ?, ?, ?, ?, 'wan_yuan', 'wan_yuan', 1, ?, 2, ?, ?, ?)",
                [DOC, seq, kind, func, item, measure, amount, amount, line, text, label, table_seq])


def _table(con, seq, kind, status="loaded", line=100):
    con.execute("insert into doc_table (document_id, table_seq, table_kind, title, title_line, layout, status, rows_read, facts) "
                "values (?, ?, ?, 't', ?, 'coded', ?, 1, 1)", [DOC, seq, kind, line, status])


def _failed(con, rule_id):
    frame = compute_comparisons(con, [DOC])
    return sorted(int(line) for line in frame[(frame["rule_id"] == rule_id) & (frame["excess"] > 0)]["source_line"])


def test_dy01_a_year_other_than_the_reports_and_a_placeholder(con):
    _claim(con, 1, "heading_year", "document", "year", "year", 2024, 3)
    _claim(con, 2, "heading_year", "document", "year", "year", 2023, 7)
    _claim(con, 3, "placeholder", "document", "placeholder", "placeholder", 1, 9)
    assert _failed(con, "DY01") == [7, 9]


def test_tb01_a_listed_table_missing_and_a_blank_table_the_narrative_states(con):
    _table(con, 1, "summary")
    _table(con, 2, "three_public", status="empty")
    _claim(con, 1, "listed_table", "summary", None, "listed", 1, 2)
    _claim(con, 2, "listed_table", "gov_fund", None, "listed", 1, 4)
    _claim(con, 3, "three_public_budget", "three_public", "three_public_total", "budget", D("12.50"), 30)
    assert _failed(con, "TB01") == [4, 30]


def test_um01_a_narrative_figure_10000_times_its_cell_and_a_table_of_yuan(con):
    _fact(con, 1, "gpb_basic_expenditure", "personnel", D("1222.57"), "1,222.57", 50, item="personnel_total")
    _claim(con, 1, "personnel", "gpb_basic_expenditure", "personnel_total", "personnel", D("12225700"), 20)
    _fact(con, 2, "summary", "amount", D("1529.48"), "1,529.48", 60, item="income_total", table_seq=2)
    for seq, value in enumerate(("15294800", "13771200", "1523300"), 3):
        _fact(con, seq, "income", "total", D(value), value, 70 + seq, func=f"20{seq}", table_seq=3)
    assert _failed(con, "UM01") == [20, 73]


def test_cn01_a_code_printed_with_its_siblings_name(con):
    _fact(con, 1, "gpb_expenditure", "total", D("10"), "10.00", 40, func="2010101", label="行政运行")
    _fact(con, 2, "gpb_expenditure", "total", D("5"), "5.00", 41, func="2010102", label="行政运行")  # 2010101's name
    _fact(con, 3, "gpb_expenditure", "total", D("5"), "5.00", 42, func="2010201", label="行政运行")  # own name, other 款
    assert _failed(con, "CN01") == [41]


# --- 功能分类 figures and names in the narrative (NA05, CN02) and 机关运行经费 (OC01/OC02, R009)

def test_class_figures_are_read_with_their_code_and_the_table_of_their_section():
    # zhejiang-hzjtj-2026-budget.pdf p7 line 141 and p14 (read on the page): the 政府性基金 section's 城乡社区 figure
    # is the 政府性基金 table's; a path must start at a 类; a final account's 年初预算 after the path is not read
    lines = (_line(1, "2.一般公共预算当年拨款结构情况。", 7),
             _line(2, "交通运输（类）支出165,653.20万元，占38.3%。", 7),
             _line(3, "2.政府性基金预算当年拨款结构情况。", 14),
             _line(4, "城乡社区（类）支出 211,000.00 万元， 占 95.2%。", 14),
             _line(5, "（2）医疗卫生与计划生育支出（类）行政事业单位医疗（款）行政单位医疗（项）12.00 万元。", 15),
             _line(6, "3.行政事业单位养老支出（款）行政单位离退休（项）。年初预算 35.91 万元。", 15))
    claims = find_claims(lines, [], "budget")
    figures = [(c.amount, c.targets[0]) for c in claims if c.claim_id == "class_figure"]
    assert figures == [(D("165653.20"), ("gpb_expenditure", "func:214", "total")),
                       (D("211000.00"), ("gov_fund", "func:212", "total")),
                       (D("12.00"), ("gov_fund", "func:2101101", "total"))]
    names = [(c.targets[0][1], c.text) for c in claims if c.claim_id == "class_name" and c.source_line == 5]
    assert names == [("func:210", "医疗卫生与计划生育支出"), ("func:21011", "行政事业单位医疗"), ("func:2101101", "行政单位医疗")]


def test_na05_a_class_figure_against_its_cell_and_cn02_a_former_class_name(con):
    _fact(con, 1, "gpb_expenditure", "total", D("165602.60"), "165,602.60", 40, func="214", label="交通运输支出")
    _fact(con, 2, "gpb_expenditure", "total", D("52.15"), "52.15", 41, func="210", label="卫生健康支出")
    _claim(con, 1, "class_figure", "gpb_expenditure", "func:214", "total", D("165653.20"), 7, "交通运输(类)支出165,653.20万元")
    _claim(con, 2, "class_figure", "gpb_expenditure", "func:210", "total", D("52.15"), 8, "医疗卫生与计划生育支出(类)52.15万元")
    _claim(con, 3, "class_name", "func_class", "func:214", "name", 3, 7, "交通运输")  # 交通运输（类）支出: the same name
    _claim(con, 4, "class_name", "func_class", "func:210", "name", 3, 8, "医疗卫生与计划生育支出")
    assert _failed(con, "NA05") == [7]
    frame = compute_comparisons(con, [DOC])
    cn02 = frame[frame["rule_id"] == "CN02"]
    assert sorted(cn02[cn02["excess"] > 0]["source_line"]) == [8] and cn02["severity"].eq("info").all()
    assert "former national name of 210 (last printed in 2018)" in cn02[cn02["excess"] > 0]["subject"].iloc[0]


def _public_use(con, amount, line=60):
    _fact(con, 10, "gpb_basic_expenditure", "public_use", amount, str(amount), line, item="public_use_total", table_seq=5)


def test_oc01_operating_costs_above_the_public_use_costs_it_is_drawn_from(con):
    # fujian-qzzfb-2026-budget.pdf p38 (758.24) and p21 (公用经费 302 832.69 + 310 2.00): a department, ≤ holds
    con.execute("insert into dim_unit (unit_id, unit_name) values ('u', '泉州市人民政府办公室')")
    con.execute("update dim_document set scope = 'department', stage = 'budget', year = 2026")
    _public_use(con, D("834.69"))
    con.execute("update fact_amount set scope = 'department'")
    _claim(con, 1, "operating_costs", "operating_costs", "operating_costs_total", "amount", D("758.24"), 610)
    _claim(con, 2, "operating_costs", "operating_costs", "operating_costs_total", "amount", D("934.69"), 620)
    assert _failed(con, "OC01") == [620] and _failed(con, "OC02") == []
    con.execute("update dim_document set year = 2017")  # before the 口径 of 基本支出 公用经费 (jiangsu-rendaban-2017 p28)
    assert _failed(con, "OC01") == []


def test_oc02_an_administrative_units_operating_costs_equal_its_public_use_costs(con):
    # fujian-fzmzj-2026-budget.pdf p53 line 941: 福州市民政局(本级) unit budget, 109.35 = 公用经费 109.35 (p20)
    con.execute("insert into dim_unit (unit_id, unit_name) values ('u', '福州市民政局')")
    con.execute("update dim_document set scope = 'unit', year = 2026")
    _public_use(con, D("109.35"))
    _claim(con, 1, "operating_costs", "operating_costs", "operating_costs_total", "amount", D("109.35"), 941)
    _claim(con, 2, "operating_costs", "operating_costs", "operating_costs_total", "amount", D("99.35"), 950)
    assert _failed(con, "OC02") == [950] and _failed(con, "OC01") == []


def test_a_change_or_a_part_is_no_restated_total():
    """jiangsu-rendaban-2017-budget.pdf p23 '…提租补贴调整等原因，增加基本支出 844.15 万元' is a change, not the 基本支出
    total (7,666.68); shaanxi-xakjj-2022-budget.pdf p32 '西安市社会科学院日常公用经费 65.56 万元' is one unit's 日常公用经费,
    not the table's 公用经费 (360.10): neither is a claim (they were false NA01 findings); the totals still are."""
    lines = (_line(1, "提租补贴调整等原因，增加基本支出844.15万元。"), _line(2, "西安市社会科学院日常公用经费65.56万元。"),
             _line(3, "基本支出7666.68万元，其中：人员经费7000.00万元，公用经费666.68万元。"))
    claims = sorted((c.claim_id, c.amount) for c in find_claims(lines, [], "budget")
                    if c.claim_id in ("basic", "public_use", "personnel"))
    assert claims == [("basic", D("7666.68")), ("personnel", D("7000.00")), ("public_use", D("666.68"))]
