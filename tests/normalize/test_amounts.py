"""Amounts as printed: 元 with (irregular) thousands separators, 万元 with six decimals, negatives,
zeros; 元 → 万元 moves the decimal point and never rounds."""

from decimal import Decimal

import pytest

from pipelines.normalize.amounts import is_decimal_amount, parse_amount, split_code, to_wan_yuan


@pytest.mark.parametrize("printed, value", [
    ("10,838,640", "10838640"),  # 元, regular groups (shanghai-czkjzx p8)
    ("14,348,853.34", "14348853.34"),
    ("44,156.640120", "44156.640120"),  # 万元 with six decimals (Beijing)
    ("565,801.487564", "565801.487564"),
    ("1234,567.00", "1234567.00"),  # a spreadsheet format separating only some groups
    ("12,34567.89", "1234567.89"),
    ("1234,567", "1234567"),  # no decimals: the later groups are three digits, nothing else reads it
    ("-1,234.00", "-1234.00"),
    ("−1,234.00", "-1234.00"),  # U+2212 minus sign
    ("(1,234.00)", "-1234.00"),  # accounting negative
    ("0", "0"),
    ("0.00", "0.00"),
    ("1 527.08", "1527.08"),  # spaces inside a cell are layout, not separators
])
def test_amounts_read_exactly_as_printed(printed, value):
    assert parse_amount(printed) == Decimal(value)
    assert str(parse_amount(printed)) == value  # the printed decimals are kept (0.00 is not 0)


@pytest.mark.parametrize("printed", [
    "", "-", "—", "12,34", "1,23.00", "1,2345", "1.234,56", "(1)", "(12)", "1,234.5.6", "2019-02-09", "合计",
])
def test_ambiguous_or_non_numbers_are_not_amounts(printed):
    # "12,34" could be a comma decimal, "(1)" is a column number, "1,23.00" a damaged cell
    assert parse_amount(printed) is None


def test_decimal_amount_needs_a_point_or_a_separator():
    assert is_decimal_amount("1234,567.00") and is_decimal_amount("(1,234.00)") and is_decimal_amount("0.00")
    assert not is_decimal_amount("0") and not is_decimal_amount("(1)")


@pytest.mark.parametrize("printed, unit, wan", [
    ("10,838,640", "yuan", "1083.864"),  # shanghai-czkjzx p8 事业运行
    ("14,348,853.34", "yuan", "1434.885334"),
    ("1.01", "yuan", "0.000101"),
    ("44,156.640120", "wan_yuan", "44156.640120"),
    ("123456789012345678.99", "yuan", "12345678901234.567899"),  # beyond float precision, still exact
])
def test_conversion_to_wan_yuan_never_rounds(printed, unit, wan):
    converted = to_wan_yuan(parse_amount(printed), unit)
    assert converted == Decimal(wan)
    assert converted.scaleb(4 if unit == "yuan" else 0) == parse_amount(printed)


@pytest.mark.parametrize("cell, code, name", [
    ("2010601 行政运行", "2010601", "行政运行"),
    ("2010601行政运行", "2010601", "行政运行"),
    ("[201]一般公共服务支出", "201", "一般公共服务支出"),  # guangdong-gztjj p13
    ("【20105】统计信息事务", "20105", "统计信息事务"),
    ("201-一般公共服务支出", "201", "一般公共服务支出"),
    ("2010601-行政运行", "2010601", "行政运行"),  # beijing-czj-tables p5
    ("2024年预算数", None, "2024年预算数"),
    ("1,234.00", None, "1,234.00"),
])
def test_code_with_its_name_in_one_cell(cell, code, name):
    assert split_code(cell) == (code, name)
