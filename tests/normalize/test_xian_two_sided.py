"""Shaanxi 部门综合预算 收支总表 / 财政拨款收支总表 (layouts/two_sided.py): the expenditure side prints three (name, 预算数)
pairs, each named by its header — 支出功能分类科目 (功能分类 类), 部门预算支出经济分类科目 (部门经济分类 类, under
1、人员经费和公用经费支出 = 基本支出 and 2、专项业务经费支出 = 项目支出) and 政府预算支出经济分类科目 (政府经济分类 类).
Hand-placed minimal case after xaajj p6 (表4, figures in 万元); the real pages are in tests/real/test_xian_budget.py."""

from decimal import Decimal

from tests.normalize.test_multi_coded import table

HEADER = (
    ("收入", "", "支出", "", "", "", "", ""),
    ("项目", "预算数", "支出功能分类科目(按大类)", "预算数", "部门预算支出经济分类科目(按大类)", "预算数",
     "政府预算支出经济分类科目(按大类)", "预算数"),
)
ROWS = (
    ("1、财政拨款", "3,643.37", "8、社会保障和就业", "183.60", "1、人员经费和公用经费支出", "2,022.39", "1、机关工资福利支出", "1,470.72"),
    ("(1)一般公共预算拨款收入", "3,643.37", "20、住房保障", "157.42", "(1)工资福利支出", "1,834.69", "2、机关商品和服务支出", "1,333.23"),
    ("", "", "23、灾害防治及应急管理", "3,302.35", "(2)商品和服务支出", "187.70", "5、对事业单位经常性补助", "839.42"),
    ("", "", "", "", "2、专项业务经费支出", "1,620.98", "", ""),
    ("", "", "", "", "(2)商品和服务支出", "1,516.67", "", ""),
    ("", "", "", "", "(6)资本性支出", "104.31", "", ""),
    ("本年收入合计", "3,643.37", "本年支出合计", "3,643.37", "本年支出合计", "3,643.37", "本年支出合计", "3,643.37"),
)


def test_each_expenditure_pair_keys_its_rows_by_the_system_its_header_names():
    result = table(HEADER + ROWS, kind="fiscal_summary")
    assert result.layout == "two_sided"
    facts = {(f.func_code, f.econ_code, f.gov_econ_code, f.item, f.measure): f.amount for f in result.facts}
    assert facts[("208", None, None, None, "amount")] == Decimal("183.60")
    assert facts[(None, None, "501", None, "amount")] == Decimal("1470.72")
    assert facts[(None, None, "505", None, "amount")] == Decimal("839.42")
    assert facts[(None, None, None, "expenditure_basic", "amount")] == Decimal("2022.39")
    assert facts[(None, None, None, "expenditure_project", "amount")] == Decimal("1620.98")
    # the 类 rows under each section are that section's breakdown: 302 of 基本支出 and of 项目支出
    assert facts[(None, "301", None, None, "basic")] == Decimal("1834.69")
    assert facts[(None, "302", None, None, "basic")] == Decimal("187.70")
    assert facts[(None, "302", None, None, "project")] == Decimal("1516.67")
    assert facts[(None, "310", None, None, "project")] == Decimal("104.31")
    assert not [f for f in result.findings if f.check in ("row_unmapped", "code_unrepairable")]
    # 本年支出合计 printed once per pair is one figure: loaded once, the restatements are duplicate findings
    assert facts[(None, None, None, "expenditure_total", "amount")] == Decimal("3643.37")
