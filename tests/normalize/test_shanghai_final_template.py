"""The Shanghai district 决算 template (部门决算模板): a row of 决算数 under every named value column, the
财政拨款收入支出决算总表 halves headed 收入决算数 | 支出决算数, and the 三公 table printing 预算数 | 决算数
under each part. Hand-placed tables paraphrase the layout of the GovBudgetChecker fixture
sample_page_data (a filled-in 2025 Putuo district 部门决算: p8 收入决算表, p12 财政拨款收入支出决算总表,
p17 三公 table); the real checks read the empty template in ../shared/real in place."""

from decimal import Decimal

from pipelines.normalize.header import build_columns, measure_of, split_rows
from pipelines.normalize.layouts.three_public_wide import detect_groups, part_major_stages, part_sequence
from tests.normalize.real_pages import needs_real, real_document
from tests.normalize.tables import located, normalize

INCOME = [
    ("项目", "", "本年收入合计", "财政拨款收入", "事业收入", "其他收入"),
    ("科目编码", "科目名称", "", "", "", ""),
    ("", "", "决算数", "决算数", "决算数", "决算数"),
    ("合计", "", "30.00", "25.00", "5.00", "0.00"),
    ("201", "一般公共服务支出", "30.00", "25.00", "5.00", "0.00"),
]


def _facts(result):
    return {(f.func_code, f.item, f.measure): f.amount for f in result.facts}


def test_a_row_of_the_same_figure_word_leaves_the_measures_to_the_labels_above():
    result = normalize(located(INCOME, "income"), year=2025)
    facts = _facts(result)
    assert facts[("201", None, "total")] == Decimal("30.00")
    assert facts[("201", None, "fiscal_grant")] == Decimal("25.00")
    assert facts[("201", None, "business_income")] == Decimal("5.00")
    assert len(result.facts) == 8 and not [f for f in result.findings if f.check == "duplicate_key"]


def test_a_row_that_tells_columns_apart_is_kept():
    rows = [("项目", "", "基本支出", "", "项目支出", ""), ("科目编码", "科目名称", "预算数", "决算数", "预算数", "决算数"),
            ("201", "一般公共服务支出", "1.00", "2.00", "3.00", "4.00")]
    header, _ = split_rows(tuple(located(rows, "expenditure").rows), "expenditure")
    measures = [measure_of(c, 2025) for c in build_columns(header, 6) if c.role is None]
    assert measures == ["budget", "final", "budget", "final"]


def test_income_and_expenditure_halves_headed_by_their_figure_word_are_two_sided():
    rows = [("收入决算数", "", "支出决算数", "", "", ""),
            ("项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"),
            ("一、一般公共预算财政拨款", "9.00", "一、一般公共服务支出", "9.00", "9.00", "0.00"),
            ("本年收入合计", "9.00", "本年支出合计", "9.00", "9.00", "0.00")]
    result = normalize(located(rows, "fiscal_summary"), year=2025)
    assert result.layout == "two_sided"
    facts = _facts(result)
    assert facts[(None, "general_public_budget_grant", "amount")] == Decimal("9.00")
    assert facts[("201", None, "gpb")] == Decimal("9.00")
    assert facts[(None, "expenditure_total", "total")] == Decimal("9.00")


THREE_PUBLIC = [
    ("财政拨款“三公”经费",) + ("",) * 11,
    ("合计", "", "因公出国（境）费", "", "公务用车购置及运行维护费", "", "", "", "", "", "公务接待费", ""),
    ("", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""),
    ("预算数", "决算数") * 6,
]


def test_figures_printed_under_each_part_are_read_part_by_part():
    row = ("9.00", "7.00", "0.00", "0.00", "8.00", "6.00", "0.00", "0.00", "8.00", "6.00", "1.00", "1.00")
    result = normalize(located(THREE_PUBLIC + [row], "three_public"), year=2025)
    facts = _facts(result)
    assert facts[(None, "three_public_total", "budget")] == Decimal("9.00")
    assert facts[(None, "three_public_total", "final")] == Decimal("7.00")
    assert facts[(None, "official_vehicles", "budget")] == Decimal("8.00")
    assert facts[(None, "vehicle_operation", "final")] == Decimal("6.00")
    assert facts[(None, "official_reception", "final")] == Decimal("1.00")
    assert len(result.facts) == 12
    assert {f.source_text for f in result.facts if f.item == "official_reception"} == {"1.00"}


def test_a_part_by_part_row_that_breaks_the_identities_is_not_loaded():
    row = ("9.00", "7.00", "0.00", "0.00", "8.00", "6.00", "0.00", "0.00", "8.00", "6.00", "5.00", "1.00")
    result = normalize(located(THREE_PUBLIC + [row], "three_public"), year=2025)
    assert not result.facts and [f.check for f in result.findings] == ["row_misaligned"]


@needs_real
def test_template_headers_p6_p7_p12_read_as_the_filled_report_needs():
    from pipelines.locate import locate_tables

    tables = locate_tables(real_document("shanghai-template-2024-final.pdf").lines)
    # the contents page (p2) lists nine tables; its last entry, followed by 第三部分, is no table
    assert [t.kind for t in tables] == ["summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure",
                                        "gpb_basic_expenditure", "three_public", "gov_fund", "soe_capital"]
    by_kind = {t.kind: t for t in tables}
    header, _ = split_rows(by_kind["income"].rows, "income")
    columns = build_columns(header, max(len(r.cells) for r in by_kind["income"].rows))
    assert [measure_of(c, 2024) for c in columns if c.role is None] == [
        "total", "fiscal_grant", "superior_subsidy", "business_income", "operating_income", "affiliate_remittance",
        "other_income"]
    header, _ = split_rows(by_kind["three_public"].rows, "three_public")
    assert part_major_stages(detect_groups(header, 2024), part_sequence(header)) == ["budget", "final"]


def test_column_labels_printed_beside_the_totals_are_header_not_row_labels():
    # the template prints 本年支出's 合计 | 基本支出 | 项目支出 on the 合计 row (shanghai-template-2024-final p13
    # line 209); filled in, that row carries the 本年收入 total beside them (GovBudgetChecker fixture
    # cross_san_gong_truth_page_data, p32)
    rows = [("项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
            ("功能分类科目编码", "科目名称", "", "", "", "", "", ""),
            ("合计", "", "", "7.00", "合计", "基本支出", "项目支出", ""),
            ("221", "住房保障支出", "", "7.00", "7.00", "", "7.00", "")]
    result = normalize(located(rows, "gov_fund"), year=2025)
    assert result.layout == "coded"
    facts = _facts(result)
    assert facts[(None, "total", "income")] == Decimal("7.00")
    assert facts[("221", None, "income")] == Decimal("7.00")
    assert facts[("221", None, "total")] == Decimal("7.00")
    assert facts[("221", None, "project")] == Decimal("7.00")
    assert len(result.facts) == 4 and not result.findings
