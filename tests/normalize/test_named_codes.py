"""Coded tables printed without a code column, one classification name a row (layouts/named_codes.py):
minimal hand-placed cases, then the real pages they come from (../shared/real, read in place;
figures checked by eye on the rendered page)."""

from collections import defaultdict
from decimal import Decimal

from pipelines.normalize.vocab import measure_for
from tests.normalize.real_pages import needs_real
from tests.normalize.tables import located, normalize, page_result


def keyed(result, measure):
    return {f.econ_code or f.func_code or f.item: f.amount for f in result.facts if f.measure == measure and not f.unit_name}


def hierarchy_breaks(result, lengths):
    """(measure, parent, printed, sum of children) where a parent's printed amount is not the sum of
    its children's (rules.yaml HI01-HI04); the table's total against its 类."""
    by_measure = defaultdict(dict)
    for fact in result.facts:
        if not fact.unit_name and not fact.line_label:  # coded rows (labelled ones: HI01 in SQL)
            by_measure[fact.measure][fact.econ_code or fact.func_code or fact.item] = fact.amount
    breaks = []
    for measure, amounts in by_measure.items():
        for parent, amount in amounts.items():
            depth = len(parent) if parent.isdigit() else 0
            child_len = next((n for n in lengths if n > depth), None)
            children = [c for c in amounts if c.isdigit() and len(c) == child_len and c.startswith(parent if depth else "")]
            total = sum((amounts[c] for c in children), Decimal(0))
            if children and abs(total - amount) > Decimal("0.01") * len(children):
                breaks.append((measure, parent, amount, total))
    return sorted(breaks)


BASIC = (
    ("支出项目类别", "总计", "一般公共预算拨款"),
    ("某某局(本级)", "30.00", "30.00"),
    ("工资福利支出", "20.00", "20.00"),
    ("基本工资", "12.00", "12.00"),
    ("其他工资福利支出", "8.00", "8.00"),
    ("商品和服务支出", "10.00", "10.00"),
    ("办公费", "4.00", "4.00"),
    ("其他商品和服务支出", "6.00", "6.00"),
)


def test_econ_names_get_their_codes_and_the_own_unit_row_is_the_total():
    result = normalize(located(BASIC, "basic_expenditure"))
    assert result.layout == "named_codes"
    assert keyed(result, "gpb") == {
        "total": Decimal("30.00"), "301": Decimal("20.00"), "30101": Decimal("12.00"), "30199": Decimal("8.00"),
        "302": Decimal("10.00"), "30201": Decimal("4.00"), "30299": Decimal("6.00"),
    }
    assert {f.check for f in result.findings} == {"code_from_name"}  # every code says it came from a name
    assert hierarchy_breaks(result, (3, 5)) == []


def test_another_units_section_is_not_read_as_the_reports_figures():
    rows = BASIC + (("某某中心", "5.00", "5.00"), ("工资福利支出", "5.00", "5.00"), ("基本工资", "5.00", "5.00"))
    result = normalize(located(rows, "basic_expenditure"))
    assert keyed(result, "gpb")["301"] == Decimal("20.00")  # the unit's 工资福利支出 is not the report's
    not_keyed = [f for f in result.findings if f.check == "rows_not_keyed"]
    assert len(not_keyed) == 1 and not_keyed[0].row_label == "某某中心" and not_keyed[0].observed == "3"


FUNC = (
    ("功能分类科目名称", "总计", "基本支出", "", "项目支出"),
    ("", "", "人员支出", "日常公用支出", ""),
    ("合计", "40.00", "25.00", "5.00", "10.00"),
    ("一般公共服务支出", "10.00", "", "", "10.00"),
    ("其他一般公共服务支出", "10.00", "", "", "10.00"),
    ("其他一般公共服务支出", "10.00", "", "", "10.00"),
    ("国防支出", "2.00", "", "", "2.00"),
    ("国防动员", "2.00", "", "", "2.00"),
    ("不在字典的项", "2.00", "", "", "2.00"),
    ("交通运输支出", "28.00", "25.00", "5.00", "-2.00"),
    ("公路水路运输", "28.00", "25.00", "5.00", "-2.00"),
    ("行政运行", "28.00", "25.00", "5.00", "-2.00"),
)


def test_func_names_in_context_a_name_printed_twice_is_class_then_item():
    result = normalize(located(FUNC, "expenditure"))
    assert result.layout == "named_codes"
    total = keyed(result, "total")
    assert total["total"] == Decimal("40.00")
    assert total["20199"] == total["2019999"] == Decimal("10.00")
    assert keyed(result, "personnel")["2140101"] == Decimal("25.00")  # 人员支出
    assert keyed(result, "public_use")["214"] == Decimal("5.00")  # 日常公用支出
    # a leaf the dictionary lacks before the next 类 is one labelled row under 20306, not a section: 交通运输支出 is read
    assert [f.row_label for f in result.findings if f.check == "class_unlisted"] == ["不在字典的项"]
    assert {f.line_label: f.amount for f in result.facts if f.measure == "total" and f.item == "unlisted_func_class"} == {
        "20306 / 不在字典的项": Decimal("2.00")}
    assert not any(f.check in ("rows_not_keyed", "row_unmapped") for f in result.findings)


def test_a_table_with_codes_or_of_an_uncoded_kind_is_no_named_table():
    assert normalize(located(FUNC, "procurement")).layout == "item_list"
    rows = (("项目", "金额"), ("合计", "3.00"), ("甲", "1.00"), ("乙", "2.00"))
    assert normalize(located(rows, "expenditure")).layout == "item_list"  # names of no classification


def test_zhejiang_basic_sub_columns():
    assert measure_for("人员支出") == "personnel"
    assert measure_for("日常公用支出") == "public_use"


@needs_real
def test_szczj_basic_expenditure_by_econ_name_p24():
    # guangdong-szczj-2026-budget.pdf p24-26 表4 基本支出总表: the row 深圳市财政局(本级) 11,024.31 is the
    # total; 工资福利支出 8,490.42, 基本工资 1,398.46, 办公费 87.63 (checked on the page), all 一般公共预算拨款
    result = page_result("guangdong-szczj-2026-budget.pdf", {24, 25, 26}, "basic_expenditure", "深圳市财政局")
    assert result.layout == "named_codes"
    total = keyed(result, "total")
    assert (total["total"], total["301"], total["30101"], total["30201"]) == (
        Decimal("11024.31"), Decimal("8490.42"), Decimal("1398.46"), Decimal("87.63"))
    assert keyed(result, "gpb")["301"] == Decimal("8490.42")
    assert not any(f.severity == "error" for f in result.findings)
    assert hierarchy_breaks(result, (3, 5)) == []


@needs_real
def test_hzjtj_expenditure_by_func_name_p26():
    # zhejiang-hzjtj-2026-budget.pdf p26-27 表3 支出预算总表: 合计 665,964.37; 教育支出 24,310.26 with
    # 人员支出 14,494.34 and 日常公用支出 4,709.38; 其他一般公共服务支出 printed twice (款 and 项) 6,700.00;
    # 社会工作事务 is 20139 (func_class.csv); 其他社会工作事务支出, 交通战备, 超长期特别国债安排的支出 are not in the
    # dictionary: labelled rows (tests/normalize/test_unlisted_names.py), counted in their parents' sums
    result = page_result("zhejiang-hzjtj-2026-budget.pdf", {26, 27}, "expenditure", "杭州市交通运输局")
    total = keyed(result, "total")
    assert (total["total"], total["205"], total["20199"], total["2019999"]) == (
        Decimal("665964.37"), Decimal("24310.26"), Decimal("6700.00"), Decimal("6700.00"))
    assert (keyed(result, "personnel")["205"], keyed(result, "public_use")["205"]) == (Decimal("14494.34"), Decimal("4709.38"))
    labelled = {f.row_label for f in result.findings if f.check == "class_unlisted"}
    assert labelled == {"其他社会工作事务支出", "交通战备", "超长期特别国债安排的支出", "公路水路运输", "其他政府性基金安排的支出"}
    assert not any(f.check == "row_unmapped" for f in result.findings)
    # among coded rows only: 214 lacks its labelled 款 超长期… 177.92 (counted by HI01, tests/validate/test_unlisted_hierarchy.py)
    assert {(m, p) for m, p, _, _ in hierarchy_breaks(result, (3, 5, 7))} == {("total", "214"), ("project", "214")}


@needs_real
def test_hzjtj_gpb_basic_expenditure_by_econ_name_p32():
    # zhejiang-hzjtj-2026-budget.pdf p32-33 表6: 合计 82,529.89 = 人员经费 67,627.51 + 日常公用支出 14,902.37
    # (+0.01 尾数); 工资福利支出 63,983.80 in 人员经费, 商品和服务支出 12,533.77 in 日常公用支出
    result = page_result("zhejiang-hzjtj-2026-budget.pdf", {32, 33}, "gpb_basic_expenditure", "杭州市交通运输局")
    assert result.layout == "named_codes"
    assert keyed(result, "total")["total"] == Decimal("82529.89")
    assert keyed(result, "personnel")["301"] == Decimal("63983.80")
    assert keyed(result, "public_use")["302"] == Decimal("12533.77")
    assert not any(f.severity == "error" for f in result.findings)
    assert hierarchy_breaks(result, (3, 5)) == []


def test_a_subtotal_under_a_group_naming_no_measure_is_no_total():
    # 深圳 支出总表: "2026年政府采购项目 | 小计" beside 支出总计 holds the procurement share, not the total
    # (政府采购项目 is a measure now, tests/normalize/test_guangdong_tables.py; a group no vocabulary names stays unmapped)
    rows = (
        ("科目编码", "科目名称", "支出总计", "基本支出", "2026年某某专项", ""),
        ("", "", "", "", "小计", "其中:某某专项中的某某部分"),
        ("201", "一般公共服务支出", "10.00", "10.00", "3.00", "1.00"),
    )
    result = normalize(located(rows, "expenditure"))
    assert keyed(result, "total") == {"201": Decimal("10.00")}
    assert not any(f.check == "duplicate_key" for f in result.findings)
    assert sum(f.check == "column_unmapped" for f in result.findings) == 2


@needs_real
def test_szczj_expenditure_procurement_subtotal_is_not_the_total_p20():
    # guangdong-szczj-2026-budget.pdf p20 表3 支出总表: 201 一般公共服务支出 支出总计 20,563.76, its
    # 2026年政府采购项目 小计 3,790.75 (its own measure, procurement: not a second total)
    result = page_result("guangdong-szczj-2026-budget.pdf", {20, 21, 22, 23}, "expenditure", "深圳市财政局")
    assert keyed(result, "total")["201"] == Decimal("20563.76")
    assert keyed(result, "procurement")["201"] == Decimal("3790.75")
    assert not any(f.check == "duplicate_key" for f in result.findings)
