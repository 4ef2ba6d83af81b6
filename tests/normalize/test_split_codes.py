"""Codes split over 类 | 款 | 项 columns, codes printed with their name, and rows printed by name
only, on minimal hand-placed tables (the real ones are in test_real_codes.py)."""

from decimal import Decimal

from pipelines.model import Line
from pipelines.normalize.code_trail import CodeTrail
from pipelines.normalize.codes import codebook
from pipelines.normalize.header import build_columns, split_rows
from tests.normalize.tables import located, normalize

FUNC_HEADER = (
    ("项目", "", "", "", "支出预算", "", ""),
    ("功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"),
    ("类", "款", "项", "", "", "", ""),
)


def table(rows, kind="expenditure", unit="yuan"):
    return normalize(located(rows, kind, money_unit=unit), "测试单位", scope="unit")


def facts(result, measure="total"):
    return {(f.func_code or f.econ_code or f.item): f.amount for f in result.facts if f.measure == measure}


def test_header_vocabulary_gives_the_split_code_columns_their_level():
    header, _ = split_rows(tuple(Line(i, 1, "", r) for i, r in enumerate(FUNC_HEADER)), "expenditure")
    columns = build_columns(header, 7)
    assert [(c.role, c.part) for c in columns[:4]] == [("code", 1), ("code_part", 2), ("code_part", 3), ("name", None)]
    assert [c.role for c in columns[4:]] == [None, None, None]


def test_a_lone_column_headed_like_a_level_is_not_a_code_without_a_code_header():
    # a value column headed "项" (e.g. a count of items) under no 编码 header stays a value column
    header = [Line(1, 1, "", ("项目", "金额", "项"))]
    assert [c.role for c in build_columns(header, 3)] == ["label", None, None]


def test_split_func_code_every_level_printed():
    result = table(FUNC_HEADER + (
        ("201", "", "", "一般公共服务支出", "1,000.00", "600.00", "400.00"),
        ("201", "06", "", "财政事务", "1,000.00", "600.00", "400.00"),
        ("201", "06", "01", "行政运行", "600.00", "600.00", ""),
        ("201", "06", "99", "其他财政事务支出", "400.00", "", "400.00"),
        ("", "", "", "合计", "1,000.00", "600.00", "400.00"),
    ))
    assert result.layout == "coded"
    assert facts(result) == {"201": Decimal("0.1"), "20106": Decimal("0.1"), "2010601": Decimal("0.06"),
                             "2010699": Decimal("0.04"), "total": Decimal("0.1")}
    assert [f.check for f in result.findings] == []


def test_split_func_code_with_the_class_carried_from_the_rows_above():
    result = table(FUNC_HEADER + (
        ("201", "", "", "一般公共服务支出", "1,000", "600", "400"),
        ("", "06", "", "财政事务", "1,000", "600", "400"),
        ("", "", "01", "行政运行", "600", "600", ""),
        ("", "", "99", "其他财政事务支出", "400", "", "400"),
        ("208", "", "", "社会保障和就业支出", "50", "50", ""),
        ("", "05", "", "行政事业单位养老支出", "50", "50", ""),
        ("", "", "05", "机关事业单位基本养老保险缴费支出", "50", "50", ""),
    ))
    assert list(facts(result)) == ["201", "20106", "2010601", "2010699", "208", "20805", "2080505"]
    assert [f.check for f in result.findings] == []


def test_a_part_with_no_row_above_to_carry_from_is_a_finding_not_a_code():
    result = table(FUNC_HEADER + (("", "06", "01", "行政运行", "600", "600", ""),))
    assert result.facts == ()
    assert [f.check for f in result.findings] == ["code_unreadable"]


def test_a_malformed_part_is_a_finding():
    result = table(FUNC_HEADER + (("201", "6", "01", "行政运行", "600", "600", ""),))
    assert result.facts == () and [f.check for f in result.findings] == ["code_unreadable"]


def test_split_econ_code_over_class_and_item():
    result = table((
        ("项目", "", "", "一般公共预算基本支出", "", ""),
        ("经济分类科目编码", "", "部门经济分类科目名称", "合计", "人员经费", "公用经费"),
        ("类", "款", "", "", "", ""),
        ("301", "", "工资福利支出", "300", "300", ""),
        ("301", "01", "基本工资", "200", "200", ""),
        ("", "02", "津贴补贴", "100", "100", ""),
        ("302", "", "商品和服务支出", "50", "", "50"),
        ("302", "01", "办公费", "50", "", "50"),
        ("合计", "", "", "350", "300", "50"),
    ), kind="gpb_basic_expenditure", unit="wan_yuan")
    assert facts(result) == {"301": 300, "30101": 200, "30102": 100, "302": 50, "30201": 50, "total": 350}
    assert facts(result, "public_use") == {"302": 50, "30201": 50, "total": 50}
    assert all(f.func_code is None for f in result.facts)


def test_a_whole_code_in_the_class_column_is_read_whole():
    # chongqing-swu 2023 final p14: header 类 | 款 | 项, codes printed whole in the 类 column
    result = table(FUNC_HEADER + (
        ("205", "", "", "教育支出", "10", "10", ""),
        ("20502", "", "", "普通教育", "10", "10", ""),
        ("2050205", "", "", "高等教育", "10", "10", ""),
    ))
    assert list(facts(result)) == ["205", "20502", "2050205"]


def test_code_and_name_in_one_cell():
    result = table((
        ("项目", "合计", "基本支出", "项目支出"),
        ("功能分类科目编码及名称", "", "", ""),
        ("[201]一般公共服务支出", "10", "10", ""),
        ("[20106]财政事务", "10", "10", ""),
        ("2010601 行政运行", "10", "10", ""),
    ))
    assert [(f.func_code, f.row_label) for f in result.facts if f.measure == "total"] == [
        ("201", "一般公共服务支出"), ("20106", "财政事务"), ("2010601", "行政运行")]


def test_names_only_rows_take_their_code_under_the_enclosing_row():
    # 行政运行 is a 项 under dozens of 款: only the enclosing 款 tells which
    result = table((
        ("科目编码", "科目名称", "合计"),
        ("201", "一般公共服务支出", "30"),
        ("", "财政事务", "20"),
        ("", "行政运行", "20"),
        ("", "统计信息事务", "10"),
        ("", "行政运行", "10"),
        ("", "社会保障和就业支出", "5"),
        ("", "行政事业单位养老支出", "5"),
        ("", "机关事业单位基本养老保险缴费支出", "5"),
    ), unit="wan_yuan")
    assert list(facts(result, "amount")) == ["201", "20106", "2010601", "20105", "2010501", "208", "20805", "2080505"]
    assert {f.check for f in result.findings} == {"code_from_name"}


def test_a_name_that_names_no_code_in_context_stays_a_finding():
    result = table((
        ("科目编码", "科目名称", "合计"),
        ("20106", "财政事务", "20"),
        ("", "某某专项经费", "20"),
    ), unit="wan_yuan")
    assert list(facts(result, "amount")) == ["20106"]
    assert [f.check for f in result.findings] == ["code_unrepairable"]
    assert "某某专项经费" in result.findings[0].row_label


def test_a_name_is_never_resolved_outside_its_context():
    trail = CodeTrail(codebook("func"))
    assert trail.resolve_name("行政运行").code is None  # no enclosing 款: not guessed among dozens
    trail.note("2080505")
    assert trail.resolve_name("行政单位离退休").code == "2080501"  # a sibling 项
    assert trail.resolve_name("就业补助").code == "20807"  # a sibling 款
    assert trail.resolve_name("卫生健康支出").code == "210"  # the next 类


def test_a_well_formed_code_nobody_listed_is_loaded_as_printed_through_split_columns():
    result = table(FUNC_HEADER + (
        ("204", "", "", "公共安全支出", "10", "10", ""),
        ("204", "99", "", "其他公共安全支出", "10", "10", ""),
        ("204", "99", "98", "某新设科目", "10", "10", ""),
    ))
    assert "2049998" in facts(result)
    unknown = [f for f in result.findings if f.check == "code_not_in_dictionary"]
    assert [(f.severity, f.row_label) for f in unknown] == [("warning", "某新设科目")]


def test_unit_sections_in_a_coded_table_key_their_rows_by_unit():
    # a department's table printing each unit's rows under "125001 | 单位名" (6 digits: a unit, not a code)
    result = table((
        ("功能科目编码", "功能科目名称", "合计"),
        ("", "合计", "30"),
        ("125001", "甲单位", "20"),
        ("208", "社会保障和就业支出", "20"),
        ("05", "行政事业单位离退休", "20"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "20"),
        ("125002", "乙单位", "10"),
        ("208", "社会保障和就业支出", "10"),
    ), unit="wan_yuan")
    keys = [(f.unit_code, f.func_code or f.item) for f in result.facts]
    assert keys == [(None, "total"), ("125001", "total"), ("125001", "208"), ("125001", "20805"),
                    ("125001", "2080505"), ("125002", "total"), ("125002", "208")]
    assert "duplicate_key" not in {f.check for f in result.findings}
