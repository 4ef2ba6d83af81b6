"""The three Guangdong 2026 部门预算 (../shared/real, read in place): guangdong-szczj (深圳市财政局),
guangdong-szkab (深圳市人民政府口岸办公室), guangdong-gztjj (广州市统计局). Every printed amount of their standard
tables is a fact (the 三公 tables' 增减变化金额 row aside: derived, a finding) and the identities hold. Figures
checked by eye on the page, cited by page and row."""

from decimal import Decimal

import pytest

SZCZJ = "guangdong-szczj-2026-budget.pdf"
SZKAB = "guangdong-szkab-2026-budget.pdf"
GZTJJ = "guangdong-gztjj-2026-budget.pdf"


def fact(real_warehouse, file_name, where, *params):
    con, results = real_warehouse
    rows = con.execute(f"select amount, verified from v_facts where document_id = ? and {where}",
                       [results[file_name].document_id, *params]).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def coverage(real_warehouse, file_name, kind):
    con, results = real_warehouse
    return con.execute("select printed_cells, facts, verified_facts from v_table_coverage where document_id = ? "
                       "and table_kind = ?", [results[file_name].document_id, kind]).fetchone()


@pytest.mark.parametrize(("file_name", "kind", "printed"), [
    (SZCZJ, "expenditure", 270), (SZKAB, "expenditure", 198),  # 2026年政府采购项目 小计 | 中小企业 | 小微企业 read
    (SZCZJ, "summary", 48), (SZCZJ, "fiscal_summary", 42),  # 利息费用补贴支出 placed (2170302)
    (SZKAB, "summary", 40), (SZKAB, "fiscal_summary", 34),  # 口岸管理 placed (2010907)
    (GZTJJ, "gpb_basic_expenditure", 38), (GZTJJ, "gpb_project_expenditure", 15), (GZTJJ, "basic_expenditure", 112),
    (GZTJJ, "three_public", 28),
])
def test_every_printed_amount_is_a_verified_fact(real_warehouse, file_name, kind, printed):
    assert coverage(real_warehouse, file_name, kind) == (printed, printed, printed)


@pytest.mark.parametrize("file_name", [SZCZJ, SZKAB])
def test_the_three_public_table_by_fund_loads_its_two_years_and_leaves_the_derived_row(real_warehouse, file_name):
    # p38 (szczj) / p31 (szkab) 表9: 3 rows × 18 cells; the third row (增减变化金额) is the difference of the two:
    # printed but derived (finding row_derived, 18 cells), so coverage counts 36 printed, 36 loaded, 36 verified
    assert coverage(real_warehouse, file_name, "three_public") == (36, 36, 36)


@pytest.mark.parametrize(("page_row", "file_name", "where", "amount"), [
    ("szczj p20 表3 2010601 行政运行 | 2026年政府采购项目 小计 388.02", SZCZJ,
     "table_kind = 'expenditure' and func_code = '2010601' and measure = 'procurement'", "388.02"),
    ("szczj p20 表3 2010601 | 其中 预留给中小企业 171.52", SZCZJ,
     "table_kind = 'expenditure' and func_code = '2010601' and measure = 'procurement_sme_reserved'", "171.52"),
    ("szczj p38 表9 2026年 | 一般公共预算 总计 58.46", SZCZJ,
     "table_kind = 'three_public' and item = 'three_public_total' and measure = 'gpb_budget'", "58.46"),
    ("szkab p31 表9 2025年 | 公务用车购置费 一般公共预算 12.00", SZKAB,
     "table_kind = 'three_public' and item = 'vehicle_purchase' and measure = 'gpb_prior_budget'", "12.00"),
    ("szkab p15 表1 口岸管理 43,108.34", SZKAB, "table_kind = 'summary' and func_code = '2010907'", "43108.34"),
    ("gztjj p14 表6 [30102]津贴补贴 3,003.28", GZTJJ,
     "table_kind = 'gpb_basic_expenditure' and econ_code = '30102'", "3003.28"),
    ("gztjj p16 表7 [30202]印刷费 355.90", GZTJJ, "table_kind = 'gpb_project_expenditure' and econ_code = '30202'", "355.90"),
    ("gztjj p20 表11 广州市统计普查中心 工资福利支出 总计 1,155.76", GZTJJ,
     "table_kind = 'basic_expenditure' and unit_name = '广州市统计普查中心' and econ_code = '301' and measure = 'total'",
     "1155.76"),
    ("gztjj p20 表11 广州市统计局(本级) 总计 5,673.23 (the 本级 unit, not the department's 合计 8,401.67)", GZTJJ,
     "table_kind = 'basic_expenditure' and scope = 'unit' and unit_name = '广州市统计局' and item = 'total' "
     "and measure = 'total'", "5673.23"),
])
def test_figures_checked_by_eye_are_verified_facts(real_warehouse, page_row, file_name, where, amount):
    assert fact(real_warehouse, file_name, where) == (Decimal(amount), True), page_row
