"""Rows keyed by several classifications (layouts/multi_coded.py): 支出功能分类 × 政府支出经济分类 × 部门支出经济分类,
as Beijing's 预算03表 支出总表 and 预算06表 print them. A minimal hand-placed case, then the real pages
(../shared/real, read in place; figures checked by eye on the page, cited by page and row)."""

from decimal import Decimal

from pipelines.normalize.vocab import code_system
from tests.normalize.real_pages import needs_real, real_document, real_table
from tests.normalize.tables import located, normalize

HEADER = ("", "支出功能分类科目", "政府支出经济分类科目", "部门支出经济分类科目", "合计", "基本支出", "项目支出")
ROWS = (
    ("", "2050803-培训支出", "50203-培训费", "30216-培训费", "103.575000", "47.000000", "56.575000"),
    ("", "2050803-培训支出", "50502-商品和服务支出", "30216-培训费", "42.155380", "12.427380", "29.728000"),
)


def table(rows, kind="expenditure"):
    return normalize(located(rows, kind))


def keyed(result, measure="total"):
    return {(f.func_code, f.gov_econ_code, f.econ_code, f.item): f.amount for f in result.facts if f.measure == measure}


def test_header_words_name_the_classification_of_each_code_column():
    assert code_system("支出功能分类科目") == "func"
    assert code_system("政府支出经济分类科目") == "gov_econ"
    assert code_system("政府预算经济分类") == "gov_econ"
    assert code_system("部门支出经济分类科目") == "econ"
    assert code_system("科目编码") is None


def test_two_rows_sharing_function_and_department_code_under_two_government_codes_are_two_facts():
    result = table((HEADER,) + ROWS)
    assert result.layout == "multi_coded"
    assert keyed(result) == {
        ("2050803", "50203", "30216", None): Decimal("103.575000"),
        ("2050803", "50502", "30216", None): Decimal("42.155380"),
    }
    assert keyed(result, "basic")[("2050803", "50502", "30216", None)] == Decimal("12.427380")
    assert len(result.facts) == 6
    assert not [f for f in result.findings if f.check in ("duplicate_key", "code_unrepairable")]


def test_columns_are_known_by_their_header_not_their_position():
    order = (0, 3, 1, 2, 4, 5, 6)  # 部门 | 功能 | 政府 as printed left to right
    result = table(tuple(tuple(row[i] for i in order) for row in (HEADER,) + ROWS))
    assert set(keyed(result)) == {("2050803", "50203", "30216", None), ("2050803", "50502", "30216", None)}


def test_a_row_the_reader_moved_by_one_cell_is_read_where_its_codes_fit():
    moved = ROWS[1][1:] + ("",)  # the empty edge cell dropped, as beijing-jxj p4 is read
    result = table((HEADER, ROWS[0], moved))
    assert keyed(result, "project")[("2050803", "50502", "30216", None)] == Decimal("29.728000")


def test_a_row_whose_codes_fit_no_column_is_a_finding_not_a_fact():
    wrong = ("", "50203-培训费", "2050803-培训支出", "30216-培训费", "1.00", "1.00", "")
    result = table((HEADER, wrong))
    assert result.facts == ()
    assert [f.check for f in result.findings] == ["code_misplaced"]


def test_total_row_is_the_table_total():
    result = table((HEADER,) + ROWS + (("", "合计", "", "", "145.730380", "59.427380", "86.303000"),))
    assert keyed(result)[(None, None, None, "total")] == Decimal("145.730380")


def test_side_by_side_groups_of_one_system_stay_grouped():
    header = ("经济分类科目编码", "科目名称", "金额", "经济分类科目编码", "科目名称", "金额")
    rows = (header, ("30101", "基本工资", "1.00", "30201", "办公费", "2.00"))
    assert table(rows, kind="gpb_basic_expenditure").layout == "grouped"


def pages_table(name, pages, kind):
    rows = [line.number for line in real_document(name).lines if line.page in pages and line.is_row]
    return real_table(name, rows[0], rows[-1], kind, "wan_yuan")


@needs_real
def test_beijing_jxj_p3_rows_43_44_training_under_two_government_codes():
    # beijing-jxj-tables-2026-budget.pdf 预算03表 p3, rows 1-2: 2050803-培训支出 | 50203-培训费 | 30216-培训费 |
    # 103.575000 | 47.000000 | 56.575000 and 2050803-培训支出 | 50502-商品和服务支出 | 30216-培训费 | 42.155380 | 12.427380 | 29.728000
    result = pages_table("beijing-jxj-tables-2026-budget.pdf", {3, 4, 5, 6}, "expenditure")
    assert result.layout == "multi_coded"
    total, basic, project = keyed(result), keyed(result, "basic"), keyed(result, "project")
    assert total[("2050803", "50203", "30216", None)] == Decimal("103.575000")
    assert project[("2050803", "50203", "30216", None)] == Decimal("56.575000")
    assert basic[("2050803", "50502", "30216", None)] == Decimal("12.427380")
    # p4, read one cell to the left of p3's header: 2150501-行政运行 | 50205-委托业务费 | 30226-劳务费 | 2.000000 (row 1)
    assert basic[("2150501", "50205", "30226", None)] == Decimal("2.000000")
    # p6 last row: 合计 | 590,242.670510 | 23,637.650751 | 566,605.019759
    assert total[(None, None, None, "total")] == Decimal("590242.670510")
    assert project[(None, None, None, "total")] == Decimal("566605.019759")
    assert not [f for f in result.findings if f.check in ("duplicate_key", "code_misplaced")]
    # what is still dropped: Beijing's 7-digit 部门经济分类 sub-codes (3021101 差旅费, 3021503 三类会议费)
    dropped = {f.row_label for f in result.findings if f.check == "code_unrepairable"}
    assert dropped <= {"差旅费", "三类会议费", "二类会议费", "用于培训的因公出国(境)费用", "其他因公出国(境)费用"}


@needs_real
def test_beijing_czj_p4_basic_salary_under_two_government_codes():
    # beijing-czj-tables-2026-budget.pdf 预算03表 p4: row 1 2010601-行政运行 | 50101-工资奖金津补贴 | 30101-基本工资 |
    # 1,721.982000 and row 18 2010601-行政运行 | 50501-工资福利支出 | 30101-基本工资 | 1,113.378000
    result = pages_table("beijing-czj-tables-2026-budget.pdf", {4}, "expenditure")
    total = keyed(result)
    assert total[("2010601", "50101", "30101", None)] == Decimal("1721.982000")
    assert total[("2010601", "50501", "30101", None)] == Decimal("1113.378000")
    assert not [f for f in result.findings if f.check == "duplicate_key"]


@needs_real
def test_beijing_jxj_p11_basic_expenditure_by_government_and_department_codes():
    # beijing-jxj 预算06表 p11, row 1: 50101-工资奖金津补贴 | 30101-基本工资 | 1,294.182000 | 1,294.182000 (人员经费);
    # row 11: 50201-办公经费 | 30201-办公费 | 71.000000 | | 71.000000 (公用经费)
    result = pages_table("beijing-jxj-tables-2026-budget.pdf", {11}, "gpb_basic_expenditure")
    assert result.layout == "multi_coded"
    assert keyed(result, "personnel")[(None, "50101", "30101", None)] == Decimal("1294.182000")
    assert keyed(result, "public_use")[(None, "50201", "30201", None)] == Decimal("71.000000")
