"""Code repair from the dictionaries: repaired only when exactly one entry fits, never guessed."""

from pipelines.normalize.codes import codebook


def test_truncated_econ_code_is_repaired_from_name():
    assert codebook("econ").resolve("3010", "基本工资").code == "30101"
    assert codebook("econ").resolve("3011", "职工基本医疗保险缴费").code == "30110"


def test_truncated_name_still_unique_prefix():
    # Chaoyang prints "3010 机关事业单位基本养老保险" (缴费 cut off)
    assert codebook("econ").resolve("3010", "机关事业单位基本养老保险").code == "30108"


def test_unrepairable_code_gives_no_code():
    resolution = codebook("econ").resolve("3010", "不存在的科目")
    assert resolution.code is None and resolution.how == "unrepairable"
    assert codebook("econ").resolve("3010", "").code is None


def test_name_only_expenditure_row_gets_its_class_code():
    assert codebook("func").resolve(None, "八、社会保障和就业支出", top_level_only=True).code == "208"
    assert codebook("func").resolve(None, "文化体育旅游与传媒支出", top_level_only=True).code == "207"  # alias


def test_well_formed_printed_code_is_kept_as_printed():
    resolution = codebook("func").resolve("2089999", "whatever name")
    assert (resolution.code, resolution.how) == ("2089999", "printed")


def test_a_year_header_is_not_a_code():
    from pipelines.normalize.amounts import split_code

    assert split_code("2024年预算数") == (None, "2024年预算数")
    assert split_code("20801人力资源和社会保障管理事务") == ("20801", "人力资源和社会保障管理事务")
