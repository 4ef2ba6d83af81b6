"""Shaanxi 部门综合预算 表6/表8 (一般公共预算(基本)支出明细表 按支出经济分类科目): each row keyed by its 部门经济科目
(econ_code, 3/5/7 digits) and its 政府经济科目 (gov_econ_code), in sections per unit ("125001 | 西安市安全生产监督管理局"
opens a unit's rows, with its totals); the first 合计 row is the department's. Hand-placed minimal cases; the real
pages are in tests/real/test_xian_budget.py."""

from decimal import Decimal

from pipelines.normalize.vocab import code_system, column_role
from tests.normalize.test_multi_coded import table

HEADER = ("部门经济科目编码", "部门经济科目名称", "政府经济科目编码", "政府经济科目名称", "合计", "人员经费支出", "公用经费支出",
          "专项业务经费支出", "备注")
ROWS = (
    ("", "", "", "合计", "10.00", "6.00", "1.00", "3.00", ""),
    ("125001", "某某局", "", "", "10.00", "6.00", "1.00", "3.00", ""),
    ("301", "工资福利支出", "", "", "6.00", "6.00", "", "", ""),
    ("30101", "基本工资", "50101", "工资奖金津补贴", "4.00", "4.00", "", "", ""),
    ("3010201", "津贴补贴", "50101", "工资奖金津补贴", "2.00", "2.00", "", "", ""),
    ("302", "商品和服务支出", "", "", "4.00", "", "1.00", "3.00", ""),
    ("30201", "办公费", "50201", "办公经费", "4.00", "", "1.00", "3.00", ""),
)


def facts_of(result, measure="total"):
    return {(f.unit_code, f.econ_code, f.gov_econ_code, f.item): f.amount for f in result.facts if f.measure == measure}


def test_department_and_government_economic_subject_headers_name_their_systems():
    assert code_system("部门经济科目编码") == "econ"
    assert code_system("政府经济科目编码") == "gov_econ"
    assert column_role("部门经济科目名称") == "name"
    assert column_role("政府经济科目编码") == "code"


def test_econ_code_is_the_department_code_and_gov_econ_code_the_government_code():
    result = table((HEADER,) + ROWS[2:], kind="gpb_expenditure_econ")
    assert result.layout == "multi_coded"
    assert facts_of(result) == {
        (None, "301", None, None): Decimal("6.00"),
        (None, "30101", "50101", None): Decimal("4.00"),
        (None, "3010201", "50101", None): Decimal("2.00"),  # a 7-digit local sub-item, as printed
        (None, "302", None, None): Decimal("4.00"),
        (None, "30201", "50201", None): Decimal("4.00"),
    }
    assert facts_of(result, "project")[(None, "30201", "50201", None)] == Decimal("3.00")


def test_unit_row_opens_the_units_section_and_the_first_total_is_the_departments():
    result = table((HEADER,) + ROWS, kind="gpb_expenditure_econ")
    totals = facts_of(result)
    assert totals[(None, None, None, "total")] == Decimal("10.00")  # the department
    assert totals[("125001", None, None, "total")] == Decimal("10.00")  # the unit's own row
    assert totals[("125001", "30101", "50101", None)] == Decimal("4.00")
    assert all(f.unit_name == "某某局" and f.scope == "unit" for f in result.facts if f.econ_code)
    assert len(result.facts) == 4 + 4 + 2 + 2 + 2 + 3 + 3  # every printed amount
    assert not [f for f in result.findings if f.check in ("duplicate_key", "code_misplaced", "code_unrepairable")]


def test_the_same_codes_in_two_unit_sections_are_two_units_facts():
    second = (("125002", "某某中心", "", "", "4.00", "4.00", "", "", ""),
              ("301", "工资福利支出", "", "", "4.00", "4.00", "", "", ""),
              ("30101", "基本工资", "50501", "工资福利支出", "4.00", "4.00", "", "", ""))
    result = table((HEADER,) + ROWS + second, kind="gpb_expenditure_econ")
    totals = facts_of(result)
    assert totals[("125001", "301", None, None)] == Decimal("6.00")
    assert totals[("125002", "301", None, None)] == Decimal("4.00")
    assert not [f for f in result.findings if f.check == "duplicate_key"]
