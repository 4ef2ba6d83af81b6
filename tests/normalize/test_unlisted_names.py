"""Names-only rows whose name is no code in context (issue 14: "a name that matches no code in context stays a
labelled row, never a guessed code"): loaded as item unlisted_func_class / unlisted_econ_class keyed by the printed
path from the nearest coded ancestor (layouts/name_rows.py), one class_unlisted finding each. Hand-placed tables,
then the real pages (../shared/real, read in place; figures checked by eye on the page)."""

from decimal import Decimal

from tests.normalize.real_pages import needs_real
from tests.normalize.tables import located, normalize, page_result

# a 类 with a coded 款 (人大事务 / 行政运行) and a 款 nobody listed (新设事务) with its own unlisted 项
UNLISTED = (
    ("功能分类科目名称", "合计", "项目支出"),
    ("合计", "30.00", "30.00"),
    ("一般公共服务支出", "30.00", "30.00"),
    ("人大事务", "10.00", "10.00"),
    ("行政运行", "10.00", "10.00"),
    ("新设事务", "20.00", "20.00"),
    ("其他新设事务支出", "20.00", "20.00"),
)


def labelled(result, measure="total"):
    return {f.line_label: f.amount for f in result.facts if f.measure == measure and f.item == "unlisted_func_class"}


def test_an_unlisted_kuan_and_its_xiang_are_labelled_rows_by_their_printed_path():
    result = normalize(located(UNLISTED, "expenditure"))
    assert result.layout == "named_codes"
    assert labelled(result) == {"201 / 新设事务": Decimal("20.00"), "201 / 新设事务 / 其他新设事务支出": Decimal("20.00")}
    assert labelled(result, "project") == labelled(result)
    assert all(f.func_code is None for f in result.facts if f.line_label)  # never a guessed code
    findings = [f for f in result.findings if f.check == "class_unlisted"]
    assert [(f.row_label, f.severity) for f in findings] == [("新设事务", "info"), ("其他新设事务支出", "info")]
    assert "under 201" in findings[0].detail and "201 / 新设事务" in findings[1].detail
    assert not any(f.check in ("row_unmapped", "duplicate_key") for f in result.findings)


def test_an_unlisted_row_goes_under_the_deepest_code_whose_amount_is_not_yet_taken():
    # 21401's 项 take all of it, so the unlisted 款 below them is 214's; its child carries a name (公路水路运输)
    # that is a 款 elsewhere, but it adds up to the labelled row above it: its child, never 21401
    rows = (
        ("功能分类科目名称", "合计"),
        ("交通运输支出", "200.00"),
        ("公路水路运输", "100.00"),
        ("行政运行", "100.00"),
        ("超长期特别国债安排的支出", "100.00"),
        ("公路水路运输", "100.00"),
    )
    result = normalize(located(rows, "expenditure"))
    assert labelled(result, "amount") == {"214 / 超长期特别国债安排的支出": Decimal("100.00"),
                                          "214 / 超长期特别国债安排的支出 / 公路水路运输": Decimal("100.00")}
    assert {f.func_code for f in result.facts if f.func_code} == {"214", "21401", "2140101"}


def test_a_name_with_no_coded_ancestor_stays_unmapped():
    rows = (("功能分类科目名称", "合计"), ("不在字典的类", "3.00"), ("一般公共服务支出", "5.00"), ("人大事务", "5.00"))
    result = normalize(located(rows, "expenditure"))
    assert not any(f.line_label for f in result.facts)
    assert [f.row_label for f in result.findings if f.check == "row_unmapped"] == ["不在字典的类"]


def test_an_unlisted_econ_name_is_labelled_under_its_class():
    rows = (
        ("支出项目类别", "总计"),
        ("某某局(本级)", "10.00"),
        ("商品和服务支出", "10.00"),
        ("办公费", "2.00"),
        ("印刷费", "2.00"),
        ("某种新费用", "6.00"),
    )
    result = normalize(located(rows, "basic_expenditure"))
    assert {f.line_label: f.amount for f in result.facts if f.item == "unlisted_econ_class"} == {
        "302 / 某种新费用": Decimal("6.00")}


@needs_real
def test_hzjtj_summary_p22_unlisted_rows_are_labelled():
    # zhejiang-hzjtj-2026-budget.pdf p22 表1 收支预算总表, 支出 side (names only, checked by eye): 一般公共服务支出
    # 6651.38 / 社会工作事务 1.98 (20139) / 其他社会工作事务支出 1.98; 国防动员 18.00 / 交通战备 18.00; 交通运输支出
    # 174982.14 / 公路水路运输 106604.22 (its 项 43,003.71 + 927.20 + 62673.32) / 超长期特别国债安排的支出 177.92 /
    # 公路水路运输 177.92; p23 其他政府性基金及对应专项债务收入安排的支出 / 其他政府性基金安排的支出 10,493.00
    result = page_result("zhejiang-hzjtj-2026-budget.pdf", {22, 23}, "summary", "杭州市交通运输局")
    assert labelled(result, "amount") == {
        "20139 / 其他社会工作事务支出": Decimal("1.98"),
        "20306 / 交通战备": Decimal("18.00"),
        "214 / 超长期特别国债安排的支出": Decimal("177.92"),
        "214 / 超长期特别国债安排的支出 / 公路水路运输": Decimal("177.92"),
        "22904 / 其他政府性基金安排的支出": Decimal("10493.00"),
    }
    assert {f.func_code: f.amount for f in result.facts if f.func_code in ("20139", "21401")} == {
        "20139": Decimal("1.98"), "21401": Decimal("106604.22")}
    assert not any(f.check == "row_unmapped" for f in result.findings)


@needs_real
def test_hzjtj_gov_fund_p35_unlisted_kuan_under_214():
    # zhejiang-hzjtj-2026-budget.pdf p35 表7 政府性基金预算支出表: 交通运输支出 / 超长期特别国债安排的支出 177.92 /
    # 公路水路运输 177.92 (项目支出), 其他支出 / 其他政府性基金及对应专项债务收入安排的支出 / 其他政府性基金安排的支出 10,493.00
    result = page_result("zhejiang-hzjtj-2026-budget.pdf", {35}, "gov_fund", "杭州市交通运输局")
    assert labelled(result) == {
        "214 / 超长期特别国债安排的支出": Decimal("177.92"),
        "214 / 超长期特别国债安排的支出 / 公路水路运输": Decimal("177.92"),
        "22904 / 其他政府性基金安排的支出": Decimal("10493.00"),
    }
