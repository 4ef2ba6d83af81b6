"""Tables whose rows are the department's units (layouts/unit_rows.py), codes printed twice in a coded
table, and the column vocabulary: minimal hand-placed cases, then the real pages they come from
(../shared/real, read in place; figures checked by eye on the rendered page)."""

from decimal import Decimal

from pipelines.model import Line, LocatedTable, ReportMeta
from pipelines.normalize import normalize_table
from pipelines.normalize.vocab import measure_for, unit_row
from tests.normalize.real_pages import needs_real, real_document, real_table


def table(rows, kind="income", unit_name="某某局"):
    lines = tuple(Line(number=i + 1, page=1, raw="\t".join(r), cells=tuple(r), engine="camelot-lattice")
                  for i, r in enumerate(rows))
    located = LocatedTable(kind=kind, title=kind, title_line=0, printed_number=None, money_unit="wan_yuan",
                           rows=lines, notes=(), declared_empty=False)
    meta = ReportMeta(unit_name=unit_name, unit_code=None, region=None, year=2026, stage="budget",
                      scope="department_total", money_unit="wan_yuan")
    return normalize_table(located, meta)


def page_table(name, page, kind):
    """The rows of one page of a real file (one table a page here), whatever the reader numbers its lines."""
    rows = [line.number for line in real_document(name).lines if line.page == page and line.is_row]
    return real_table(name, rows[0], rows[-1], kind, "wan_yuan")


def keyed(result, measure="total"):
    return {(f.unit_code, f.unit_name, f.scope, f.item): f.amount for f in result.facts if f.measure == measure}


CODED = (
    ("部门代码", "部门名称", "合计", "一般公共预算"),
    ("合计", "", "30.00", "30.00"),
    ("024", "某某局", "30.00", "30.00"),
    ("024001", "某某局", "20.00", "20.00"),
    ("024002", "某某中心", "10.00", "10.00"),
)


def test_department_code_row_is_the_total_and_the_six_digit_rows_are_units():
    result = table(CODED)
    assert result.layout == "unit_rows"
    assert keyed(result) == {
        (None, None, None, "total"): Decimal("30.00"),
        ("024001", "某某局", "unit", "total"): Decimal("20.00"),
        ("024002", "某某中心", "unit", "total"): Decimal("10.00"),
    }
    assert not any(f.func_code for f in result.facts)  # 024 is a unit code, never a 功能分类 code
    assert [f.check for f in result.findings] == ["total_restated"]


def test_a_department_row_that_differs_from_the_total_is_a_warning_with_both_numbers():
    rows = CODED[:2] + (("024", "某某局", "31.00", "30.00"),) + CODED[3:]
    result = table(rows)
    assert keyed(result)[(None, None, None, "total")] == Decimal("30.00")
    mismatch = [f for f in result.findings if f.check == "total_mismatch"]
    assert len(mismatch) == 1 and "31.00" in mismatch[0].detail and "30.00" in mismatch[0].detail


NAMED = (
    ("单位名称", "合计", "一般公共预算", "事业收入"),
    ("合计", "100.00", "40.00", "60.00"),
    ("某某局", "100.00", "40.00", "60.00"),
    ("某某局", "30.00", "30.00", ""),
    ("某某医院", "70.00", "10.00", "60.00"),
)


def test_without_codes_the_name_printed_twice_is_department_then_its_own_unit():
    result = table(NAMED)
    assert keyed(result) == {
        (None, None, None, "total"): Decimal("100.00"),
        (None, "某某局", "unit", "total"): Decimal("30.00"),
        (None, "某某医院", "unit", "total"): Decimal("70.00"),
    }
    assert keyed(result, "business_income")[(None, "某某医院", "unit", "total")] == Decimal("60.00")


def test_a_lone_row_with_the_department_name_is_its_own_unit():
    result = table(NAMED[:2] + NAMED[3:])
    assert keyed(result)[(None, "某某局", "unit", "total")] == Decimal("30.00")


def test_a_unit_row_without_a_readable_name_is_a_finding_not_a_unit():
    result = table(NAMED[:2] + (("", "5.00", "5.00", ""), ("3", "1.00", "1.00", "")))
    assert [f.check for f in result.findings] == ["unit_unnamed", "unit_unnamed"]
    assert all(f.unit_name is None for f in result.facts)


def test_two_columns_of_one_measure_are_not_loaded():
    rows = (("单位名称", "2025年", "", "2026年", ""), ("", "合计", "其他收入", "合计", "其他收入"),
            ("某某中心", "1.00", "1.00", "2.00", "2.00"))
    result = table(rows)
    assert result.facts == ()
    assert {f.check for f in result.findings} == {"column_ambiguous"}


def test_a_caption_inside_the_header_is_not_a_column_header():
    rows = (("单位名称:某某局", "", "单位:万元"), ("科目编码", "科目名称", "合计"), ("2010501", "行政运行", "5.00"))
    result = table(rows, kind="expenditure")
    assert result.layout == "coded"
    assert {f.func_code: f.amount for f in result.facts} == {"2010501": Decimal("5.00")}


def test_a_seven_digit_code_is_not_a_unit_row():
    assert unit_row("2010501") is None
    assert unit_row("401003-包头市社会保险事业服务中心") == ("401003", "包头市社会保险事业服务中心")


def test_a_code_printed_twice_with_different_amounts_loads_neither():
    # printed twice in a row: a repeat inside what would be one block, so no split into anonymous blocks
    # (tests/normalize/test_anonymous_blocks.py) is sure; where a restart splits them, both load, keyed by block
    rows = (("科目编码", "科目名称", "合计"), ("2010601", "行政运行", "10.00"), ("2010601", "行政运行", "7.00"),
            ("2010602", "一般行政管理事务", "5.00"), ("", "合计", "22.00"))
    result = table(rows, kind="gpb_expenditure")
    found = {f.func_code or f.item: f.amount for f in result.facts}
    assert found == {"2010602": Decimal("5.00"), "total": Decimal("22.00")}
    [repeated] = [f for f in result.findings if f.check == "code_repeated"]
    assert "10.00" in repeated.detail and "7.00" in repeated.detail and "none is loaded" in repeated.detail


def test_column_synonyms_of_real_headers():
    assert measure_for("人员经费支出") == "personnel"
    assert measure_for("公用经费支出") == "public_use"
    assert measure_for("专项业务经费支出") == "project"
    assert measure_for("扣除基建项目后预算数") == "project_excl_capital"
    assert measure_for("上年结余、结转") == "carryover_begin"


@needs_real
def test_szsjj_income_by_department_code_p10():
    # jiangsu-szsjj-2026-budget.pdf p10 收入总表: 合计 | | 4,651.67; 024 | 苏州市审计局 | 4,651.67;
    # 024001 | 苏州市审计局 | 4,651.67 (all 一般公共预算)
    result = page_table("jiangsu-szsjj-2026-budget.pdf", 10, "income")
    assert result.layout == "unit_rows"
    assert keyed(result) == {(None, None, None, "total"): Decimal("4651.67"),
                             ("024001", "苏州市审计局", "unit", "total"): Decimal("4651.67")}
    assert keyed(result, "gpb")[("024001", "苏州市审计局", "unit", "total")] == Decimal("4651.67")
    assert {f.check for f in result.findings} == {"total_restated"}


@needs_real
def test_gztjj_income_by_unit_name_p8():
    # guangdong-gztjj-2026-budget.pdf p8 收入总体情况表: 合计 9,483.72 (一般公共预算 9,433.72, 其他收入 50.00);
    # 广州市统计局 6,748.28; 广州市统计普查中心 1,373.74; 广州市统计监测中心(广州市统计发展中心) 1,361.71
    result = page_table("guangdong-gztjj-2026-budget.pdf", 8, "income")
    totals = keyed(result)
    assert totals[(None, None, None, "total")] == Decimal("9483.72")
    assert totals[(None, "广州市统计局", "unit", "total")] == Decimal("6748.28")
    assert totals[(None, "广州市统计普查中心", "unit", "total")] == Decimal("1373.74")
    assert totals[(None, "广州市统计监测中心(广州市统计发展中心)", "unit", "total")] == Decimal("1361.71")
    # the units sum to 9,483.73: the report's own 尾数误差 of 0.01 against its 合计
    assert sum(v for k, v in totals.items() if k[2] == "unit") - totals[(None, None, None, "total")] == Decimal("0.01")
    assert keyed(result, "gpb")[(None, None, None, "total")] == Decimal("9433.72")
    assert keyed(result, "other_income")[(None, "广州市统计局", "unit", "total")] == Decimal("50.00")
    assert not keyed(result, "fiscal_grant")  # the 财政拨款收入 label printed over 单位名称 is no group
    assert result.findings == ()


@needs_real
def test_huzwjw_income_department_row_then_its_own_unit_p28():
    # zhejiang-huzwjw-2026-budget.pdf p28 表02: 合计 515313.35; 湖州市卫生健康委员会 515313.35 (the department);
    # 湖州市卫生健康委员会 7121.29 (its 本级 unit); 湖州市中心医院 222455.05 (事业收入 203545.48)
    result = page_table("zhejiang-huzwjw-2026-budget.pdf", 28, "income")
    totals = keyed(result)
    assert totals[(None, None, None, "total")] == Decimal("515313.35")
    assert totals[(None, "湖州市卫生健康委员会", "unit", "total")] == Decimal("7121.29")
    assert keyed(result, "business_income")[(None, "湖州市中心医院", "unit", "total")] == Decimal("203545.48")


def test_a_unit_column_beside_a_code_column_opens_the_units_section():
    # guangdong-szczj-2026-budget.pdf p31: 预算单位 | 科目编码 | 科目名称 | 支出总计 …, the unit's row first
    rows = (("预算单位", "科目编码", "科目名称", "支出总计"), ("某某局(本级)", "", "", "30.00"),
            ("", "201", "一般公共服务支出", "30.00"), ("某某中心", "", "", "5.00"), ("", "201", "一般公共服务支出", "5.00"))
    result = table(rows, kind="gpb_expenditure")
    assert result.layout == "coded"
    found = {(f.unit_name, f.func_code or f.item): f.amount for f in result.facts}
    assert found == {(None, "total"): Decimal("30.00"), (None, "201"): Decimal("30.00"),
                     ("某某中心", "total"): Decimal("5.00"), ("某某中心", "201"): Decimal("5.00")}


@needs_real
def test_szczj_gpb_expenditure_with_a_unit_column_p31():
    # guangdong-szczj-2026-budget.pdf p31 表7: 深圳市财政局(本级) | | | 37,385.88 | 11,024.31 | 26,361.57;
    # 2010601 行政运行 6,487.76 (基本 6,487.76)
    result = page_table("guangdong-szczj-2026-budget.pdf", 31, "gpb_expenditure")
    found = {(f.func_code or f.item, f.measure): f.amount for f in result.facts}
    assert found[("total", "total")] == Decimal("37385.88") and found[("total", "project")] == Decimal("26361.57")
    assert found[("2010601", "basic")] == Decimal("6487.76")
    # real_table's report is named after the file, so 深圳市财政局(本级) opens a unit's section here (in the
    # real report, 深圳市财政局's, it is the report's own unit: section_unit)
    assert {f.unit_name for f in result.facts} == {"深圳市财政局(本级)"}


def paged_table(pages):
    """A unit table over pages: each page a tuple of rows."""
    lines = tuple(Line(number=n + 1, page=page, raw="\t".join(cells), cells=tuple(cells), engine="camelot-lattice")
                  for n, (page, cells) in enumerate((p, r) for p, rows in enumerate(pages, 1) for r in rows))
    located = LocatedTable(kind="income", title="income", title_line=0, printed_number=None, money_unit="wan_yuan",
                           rows=lines, notes=(), declared_empty=False)
    meta = ReportMeta(unit_name="某某局", unit_code=None, region=None, year=2026, stage="budget",
                      scope="department_total", money_unit="wan_yuan")
    return normalize_table(located, meta)


def test_a_name_cut_by_the_page_break_is_one_units_name():
    first = (("单位名称", "合计", "事业收入"), ("合计", "30.00", "30.00"), ("某某研究", "30.00", "30.00"))
    # "中心" atop page 2 completes the last unit's name
    assert keyed(paged_table((first, (("中心", "", ""),))))[(None, "某某研究中心", "unit", "total")] == Decimal("30.00")
    # a header repeated atop page 2 ("单位名称") does not
    assert keyed(paged_table((first, (("单位名称", "", ""),))))[(None, "某某研究", "unit", "total")] == Decimal("30.00")
    # nor does a name-only row on the same page
    assert keyed(paged_table((first + (("中心", "", ""),),)))[(None, "某某研究", "unit", "total")] == Decimal("30.00")


@needs_real
def test_hzjtj_income_unit_name_across_the_page_break_p24_p25():
    # zhejiang-hzjtj-2026-budget.pdf 表2 收入预算总表: "杭州市综合交通运输研究 | 5,290.70 | 5,290.70 | … | 5,290.70"
    # at the foot of p24, its name's last characters "中心" atop p25 (checked by eye, pdftotext -layout)
    doc = real_document("zhejiang-hzjtj-2026-budget.pdf")
    rows = [line.number for line in doc.lines if line.page in (24, 25) and line.is_row]
    result = real_table("zhejiang-hzjtj-2026-budget.pdf", rows[0], rows[-1], "income", "wan_yuan")
    assert keyed(result)[(None, "杭州市综合交通运输研究中心", "unit", "total")] == Decimal("5290.70")
    assert keyed(result, "business_income")[(None, "杭州市综合交通运输研究中心", "unit", "total")] == Decimal("5290.70")
    assert not [f for f in result.facts if f.unit_name == "杭州市综合交通运输研究"]
