"""Split 类 | 款 | 项 codes and 元 amounts on real Shanghai unit budgets (../shared/real, read in
place): every row gets its own code, figures checked by eye on the page, and the hierarchy sums
hold (类 = Σ款, 款 = Σ项) on each table as read."""

from collections import defaultdict
from decimal import Decimal

from pipelines.normalize.codes import CODE_LENGTHS
from tests.normalize.real_pages import needs_real, real_table

pytestmark = needs_real


def by_code(result, system="func"):
    found: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for fact in result.facts:
        key = getattr(fact, f"{system}_code") or fact.item
        assert fact.measure not in found[key], f"two {fact.measure} for {key}"
        found[key][fact.measure] = fact.amount
    return found


def hierarchy_sums(found, system="func"):
    """(identities checked, the ones that do not hold as (parent, measure, Σ children − parent))."""
    lengths = CODE_LENGTHS[system]
    checked, broken = 0, []
    for parent, measures in found.items():
        if not parent.isdigit() or len(parent) == lengths[-1]:
            continue
        child_length = lengths[lengths.index(len(parent)) + 1]
        children = [c for c in found if c.isdigit() and len(c) == child_length and c.startswith(parent)]
        if not children and len(parent) > lengths[0]:
            continue  # a 款 printed without 项 (or an 经济分类 款 without local sub-items) is a leaf
        assert children, f"{parent} has no child rows"
        for measure, amount in measures.items():
            difference = sum(found[c].get(measure, Decimal(0)) for c in children) - amount
            checked += 1
            if difference:
                broken.append((parent, measure, difference))
    return checked, broken


def test_czkjzx_income_by_class_item_and_subitem():
    # shanghai-czkjzx-2026-budget.pdf p8-9 收入预算总表 (元), header 功能分类科目编码 over 类 | 款 | 项;
    # row "201 | 06 | 50 | 事业运行 | 10,838,640 | 10,838,640" checked on the page
    result = real_table("shanghai-czkjzx-2026-budget.pdf", 71, 90, "income", "yuan")
    found = by_code(result)
    assert found["2010650"] == {"total": Decimal("1083.864"), "fiscal_grant": Decimal("1083.864")}
    assert found["20106"]["business_income"] == Decimal("30")  # 201 | 06 | 财政事务 … 300,000
    assert found["total"]["total"] == Decimal("2144.33")  # 合计 21,443,300
    assert [f.check for f in result.findings] == []
    assert hierarchy_sums(found) == (18, [])  # 4 类 + 5 款, two or three measures each
    assert sum(found[c]["total"] for c in found if len(c) == 3) == found["total"]["total"]


def test_czkjzx_basic_expenditure_by_econ_class_and_item():
    # p17-19 一般公共预算基本支出部门预算经济分类预算表: 经济分类科目编码 over 类 | 款;
    # "301 | 01 | 基本工资 | 1,607,300 | 1,607,300", "302 | 99 | 其他商品和服务支出 | 436,440 | | 436,440"
    result = real_table("shanghai-czkjzx-2026-budget.pdf", 158, 194, "gpb_basic_expenditure", "yuan")
    found = by_code(result, "econ")
    assert found["30101"] == {"total": Decimal("160.73"), "personnel": Decimal("160.73")}
    assert found["30299"] == {"total": Decimal("43.644"), "public_use": Decimal("43.644")}
    assert found["total"] == {"total": Decimal("1454.08"), "personnel": Decimal("1197.37"), "public_use": Decimal("256.71")}
    assert all(f.func_code is None for f in result.facts)
    assert [f.check for f in result.findings] == []
    assert hierarchy_sums(found, "econ")[1] == []


def test_ptwanli_income_many_classes_with_codes_nobody_listed():
    # shanghai-ptwanli-2025-budget.pdf p10-13 部门收入预算总表 (元): 12 类 over four pages; zeros printed "0"
    result = real_table("shanghai-ptwanli-2025-budget.pdf", 130, 199, "income", "yuan", year=2025)
    found = by_code(result)
    assert found["2040607"]["total"] == Decimal("30")  # p11 "204 | 06 | 07 | 公共法律服务 | 300,000"
    assert found["2120101"]["total"] == Decimal("1788.7739")  # p12 "212 | 01 | 01 | 行政运行 | 17,887,739"
    assert found["201"]["business_income"] == Decimal("0")  # a printed 0 is a fact
    assert found["total"]["total"] == Decimal("18976.7551")  # 合计 189,767,551
    # p12-13 print 212 城乡社区支出 154,369,326 where its 款 add up to 154,369,327, and 21201 94,995,790
    # where its 项 add up to 94,995,789 (checked by hand): the report's own 1 元 breaks (findings for
    # validation); the other 161 identities hold
    assert hierarchy_sums(found) == (165, [
        ("212", "total", Decimal("0.0001")), ("212", "fiscal_grant", Decimal("0.0001")),
        ("21201", "total", Decimal("-0.0001")), ("21201", "fiscal_grant", Decimal("-0.0001"))])
    assert {f.check for f in result.findings} <= {"code_not_in_dictionary"}
    assert all(f.severity == "warning" for f in result.findings)


def test_ptwanli_expenditure_has_one_row_per_code():
    # p14-18 部门支出预算总表: before split codes were read, 款/项 rows collided with their 类 (duplicate_key)
    result = real_table("shanghai-ptwanli-2025-budget.pdf", 202, 271, "expenditure", "yuan", year=2025)
    found = by_code(result)
    assert "duplicate_key" not in {f.check for f in result.findings}
    assert found["2013202"] == {"total": Decimal("107.5"), "basic": Decimal("0"), "project": Decimal("107.5")}
    # the same 1 元 breaks in the 合计 column (p17 212 / 21201); 基本支出 and 项目支出 hold
    assert hierarchy_sums(found) == (99, [("212", "total", Decimal("0.0001")), ("21201", "total", Decimal("-0.0001"))])


def test_xaajj_units_and_item_parts_printed_alone():
    # shaanxi-xaajj-tables-2019-budget.pdf p7 表5 (万元): "125001 | 西安市安全生产监督管理局 | 2,080.32" starts a
    # unit's rows; 款 rows print only their two digits ("05 | 行政事业单位离退休 | 113.28"): the code comes from
    # the name under the 类 above (208 → 20805, 2019 name of 行政事业单位养老支出)
    result = real_table("shaanxi-xaajj-tables-2019-budget.pdf", 135, 154, "gpb_expenditure", "wan_yuan", year=2019)
    found = {(f.unit_code, f.func_code or f.item): f.amount for f in result.facts if f.measure == "total"}
    assert found[(None, "total")] == Decimal("3643.37")
    assert found[("125001", "total")] == Decimal("2080.32")
    assert found[("125001", "20805")] == Decimal("113.28")
    assert found[("125001", "20899")] == Decimal("1.83")  # "99 | 其他社会保障和就业支出"
    assert found[("125001", "2240106")] == Decimal("1008.45")
    unit = {code: amount for (unit_code, code), amount in found.items() if unit_code == "125001" and code.isdigit()}
    assert sum(amount for code, amount in unit.items() if len(code) == 3) == found[("125001", "total")]
    assert "duplicate_key" not in {f.check for f in result.findings}


def test_huzwjw_gov_fund_code_printed_with_its_name_is_in_the_dictionary():
    # zhejiang-huzwjw-2026-budget.pdf p43 表08 政府性基金预算支出表 (checked by eye): "2290402 | 其他地方自行试点项目
    # 收益专项债券收入安排的支出 | 15000.00 | | 15000.00" under 22904 15000.00 — func_class.csv holds it with that name
    result = real_table("zhejiang-huzwjw-2026-budget.pdf", 936, 945, "gov_fund", "wan_yuan")
    found = by_code(result)
    assert found["2290402"] == {"total": Decimal("15000.00"), "project": Decimal("15000.00")}
    assert hierarchy_sums(found) == (8, [])
    assert not [f for f in result.findings if f.check == "code_not_in_dictionary"]
