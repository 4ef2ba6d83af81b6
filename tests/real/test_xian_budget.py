"""The two Xi'an 部门综合预算 (../shared/real, read in place): shaanxi-xaajj-tables-2019-budget.pdf (万元) and
shaanxi-xakjj-2022-budget.pdf (元). Figures checked by eye on the page, cited by page and row; each is a fact keyed
as the contract keys it (表6/表8: econ_code = 部门经济科目, gov_econ_code = 政府经济科目, per unit section)."""

from decimal import Decimal

import pytest

XAAJJ = "shaanxi-xaajj-tables-2019-budget.pdf"
XAKJJ = "shaanxi-xakjj-2022-budget.pdf"


def facts(real_warehouse, file_name, where, *params):
    con, results = real_warehouse
    return con.execute(
        "select unit_code, scope, func_code, econ_code, gov_econ_code, item, measure, amount, verified from v_facts "
        f"where document_id = ? and {where}", [results[file_name].document_id, *params]).fetchall()


def one(rows):
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(("page_row", "unit", "econ", "gov", "measure", "amount"), [
    ("p10 row 30101 基本工资 | 50101 | 237.03 (unit 125001)", "125001", "30101", "50101", "total", "237.03"),
    ("p10 row 3010201 津贴补贴 | 50101 | 317.69 (a 7-digit sub-item)", "125001", "3010201", "50101", "personnel", "317.69"),
    ("p10 row 302 商品和服务支出 | 公用经费 98.88", "125001", "302", None, "public_use", "98.88"),
    ("p11 row 30101 基本工资 | 50501 工资福利支出 | 68.47 (unit 125002)", "125002", "30101", "50501", "total", "68.47"),
])
def test_xaajj_table6_rows_keyed_by_department_and_government_codes_per_unit(real_warehouse, page_row, unit, econ, gov,
                                                                              measure, amount):
    row = one(facts(real_warehouse, XAAJJ, "table_kind = 'gpb_expenditure_econ' and unit_code = ? and econ_code = ? "
                    "and gov_econ_code is not distinct from ? and measure = ?", unit, econ, gov, measure))
    assert row[7] == Decimal(amount) and row[1] == "unit", page_row
    assert row[8] is True, f"{page_row}: its row sum (合计 = 人员 + 公用 + 专项业务) holds"


def test_xaajj_table6_first_total_is_the_departments(real_warehouse):
    # p10 row 合计 | 3,643.37 | 1,839.51 | 182.88 | 1,620.98: the department's own figures, no unit
    rows = facts(real_warehouse, XAAJJ, "table_kind = 'gpb_expenditure_econ' and item = 'total' and scope <> 'unit'")
    assert {r[6]: r[7] for r in rows} == {"total": Decimal("3643.37"), "personnel": Decimal("1839.51"),
                                          "public_use": Decimal("182.88"), "project": Decimal("1620.98")}


def test_xaajj_income_real_account_balance_is_a_source_of_the_total(real_warehouse):
    # p4 row 合计: 总计 3,695.91 = 一般公共预算拨款 3,643.37 + 上年结转 11.61 + 上年实户资金余额 40.93; 125002: 1.43
    totals = {r[6]: (r[7], r[8]) for r in facts(real_warehouse, XAAJJ, "table_kind = 'income' and scope <> 'unit'")}
    assert totals["real_account_balance"] == (Decimal("40.93"), True)
    assert totals["total"] == (Decimal("3695.91"), True)
    unit = one(facts(real_warehouse, XAAJJ, "table_kind = 'income' and unit_code = '125002' and measure = 'real_account_balance'"))
    assert unit[7] == Decimal("1.43")


def test_xaajj_fiscal_summary_economic_side_by_section(real_warehouse):
    # p6 部门预算支出经济分类科目 side: 2、专项业务经费支出 1,620.98 then (2)商品和服务支出 1,516.67 (302 of 项目支出);
    # 政府预算支出经济分类科目 side: 5、对事业单位经常性补助 730.29
    assert one(facts(real_warehouse, XAAJJ, "table_kind = 'fiscal_summary' and econ_code = '302' and measure = 'project'"))[7] \
        == Decimal("1516.67")
    assert one(facts(real_warehouse, XAAJJ, "table_kind = 'fiscal_summary' and gov_econ_code = '505'"))[7] == Decimal("730.29")


def test_xakjj_table6_rows_in_yuan_under_two_government_codes(real_warehouse):
    # p48 rows 3 and 4: 30101 基本工资 | 50101 | 3568521.6 元, and | 50501 | 7345333.6 | 6615333.6 | 0 | 730000
    rows = {(r[4], r[6]): r[7] for r in facts(real_warehouse, XAKJJ, "table_kind = 'gpb_expenditure_econ' and econ_code = '30101'")}
    assert rows[("50101", "total")] == Decimal("356.85216")
    assert rows[("50501", "project")] == Decimal("73.0000")
    assert rows[("50501", "personnel")] == Decimal("661.53336")


def test_xakjj_income_by_unit(real_warehouse):
    # p43 row 4: 204003 西安市硬科技产业发展服务 | 1153992.13 元
    assert one(facts(real_warehouse, XAKJJ, "table_kind = 'income' and unit_code = '204003' and measure = 'total'"))[7] \
        == Decimal("115.3992130")
