"""Analyst views, each with a hand-checked figure from the samples."""

from decimal import Decimal as D

import pytest

from pipelines.ingest import ingest_file
from pipelines.load import connect
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def con(warehouse):
    connection = connect(warehouse, read_only=True)
    yield connection
    connection.close()


def one(con, sql, params=()):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_expenditure_by_function_rolls_up(con):
    # 包头 2024 支出决算表: 2080109 社会保险经办机构 1,214.20 / 基本 1,056.64, a 项 of 款 20801, 类 208
    row = one(con, "select total, basic, level, class_code, kuan_code, func_name, source_page from v_expenditure_by_function "
                   "where unit_name = '包头市社会保险事业服务中心' and year = 2024 and func_code = '2080109'")
    assert row[:6] == (D("1214.20"), D("1056.64"), 3, "208", "20801", "社会保险经办机构") and row[6] >= 1
    # 项 rows of 208 sum to the printed 类 row (1,378.36)
    total = one(con, "select sum(total) from v_expenditure_by_function where unit_name = '包头市社会保险事业服务中心' "
                     "and year = 2024 and class_code = '208' and level = 3")[0]
    assert total == D("1378.36")


def test_basic_by_econ(con):
    # 朝阳 06 (codes printed "3010"): 30101 基本工资 人员经费 267.42; 类 302 公用经费 269.65
    assert one(con, "select personnel, class_name from v_basic_by_econ where unit_name like '%朝阳%' and econ_code = '30101'") == (
        D("267.42"), "工资福利支出")
    assert one(con, "select public_use, total from v_basic_by_econ where unit_name like '%朝阳%' and econ_code = '302'") == (
        D("269.65"), D("269.65"))


def test_three_public_budget_vs_actual(con):
    # 包头社保中心 2024 三公: final account 全年预算 0.20 / 决算 0.17 → 85 %; 2025 budget 表7 prints 2025 预算 0.20
    assert one(con, "select budget_amount, final_amount, execution_rate from v_three_public where reported_in = 'final' "
                    "and unit_code = '401003' and fiscal_year = 2024 and item = 'three_public_total'") == (
        D("0.20"), D("0.17"), D("0.8500"))
    assert one(con, "select budget_amount from v_three_public where reported_in = 'budget' and unit_code = '401003' "
                    "and fiscal_year = 2025 and item = 'three_public_total'") == (D("0.20"),)


def test_budget_vs_final_links_the_two_reports(con):
    # the 2025 budget's 上年预算数 for 401003 (0.20) against its 2024 final account (0.17)
    row = one(con, "select budget_amount, final_amount, difference, execution_rate, budget_source_page, final_source_page "
                   "from v_budget_vs_final where unit_code = '401003' and item = 'three_public_total'")
    assert row[:4] == (D("0.20"), D("0.17"), D("-0.03"), D("0.8500")) and row[4] and row[5]


def test_unit_peers_shares(con):
    # 人员经费 share of 基本支出: 海东 573.08 / (573.08 + 42.27) = 0.9313; 朝阳 748.69 / 1018.34 = 0.7352
    shares = dict(con.execute("select unit_name, share from v_unit_peers where comparison = 'personnel_share_of_basic' "
                              "and unit_kind = 'social_insurance_agency'").fetchall())
    assert shares["海东市社会保险服务局"] == D("0.9313") and shares["辽宁省朝阳市社会保险事业服务中心"] == D("0.7352")


def test_coverage_lists_missing_and_empty_tables(con):
    # 包头 2024 final has no 收入决算表 (02): missing; its 08/09 tables print only zeros: empty
    rows = dict(con.execute("select table_kind, coverage from v_coverage where file_name = 'baotou-shebao-center-2024-final.txt'").fetchall())
    assert rows["income"] == "missing" and rows["gov_fund"] == "empty" and rows["expenditure"] == "loaded"


def test_year_over_year_with_comparability(tmp_path):
    # a 2023 report of 海东 (the 2024 one with its year and 208 basic changed) gives a YoY row
    text = SAMPLES["haidong_final"].read_text(encoding="utf-8").replace("2024", "2023").replace(
        "208\t社会保障和就业支出\t576.42\t529.44\t46.98", "208\t社会保障和就业支出\t576.42\t519.44\t56.98")
    path = tmp_path / "haidong-2023.txt"
    path.write_text(text, encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    ingest_file(con, SAMPLES["haidong_final"])
    ingest_file(con, path)
    row = one(con, "select prior_amount, amount, change, growth, comparability from v_yoy where year = 2024 "
                   "and table_kind = 'expenditure' and func_code = '208' and measure = 'basic'")
    con.close()
    assert row == (D("519.44"), D("529.44"), D("10.00"), D("0.0193"), "comparable")
