"""Table titles and report metadata."""

import pytest

from pipelines.locate import locate_tables
from pipelines.locate.titles import match_title
from pipelines.read.text import read_text_report


@pytest.mark.parametrize("line, kind", [
    ("收入支出决算总表", "summary"),
    ("## 收支总表", "summary"),
    ("四、财政拨款收入支出决算总表", "fiscal_summary"),
    ("表5 一般公共预算支出表", "gpb_expenditure"),
    ("财政拨款“三公”经费支出决算表", "three_public"),
    ("一般公共预算\"三公\"经费支出表", "three_public"),
    ("府性基金预算财政拨款收入支出决算表", "gov_fund"),  # OCR dropped 政
    ("⼀般公共预算财政拨款⽀出决算表", "gpb_expenditure"),  # Kangxi radicals
    ("项目支出绩效自评表 (2024 年度)", "performance"),
])
def test_titles_match_by_alias_or_similarity(line, kind):
    from pipelines.textnorm import normalize_text
    assert match_title(normalize_text(line)).kind == kind


@pytest.mark.parametrize("line", [
    "一、收入支出决算总体情况说明",  # a narrative heading, not a table
    "单位情况表",
    "一般公共预算财政拨款基本支出决算情况说明",
])
def test_narrative_headings_are_not_titles(line):
    assert match_title(line) is None


def test_table_of_contents_entries_are_not_tables():
    text = "目录\n\n一、收入支出决算总表\n\n二、收入决算表\n\n第一部分 概况\n\n收入决算表\n\n公开02表\n\n金额单位：元\n\n项目\t本年收入合计\n208\t社会保障和就业支出\t1.00\n"
    tables = locate_tables(read_text_report("t.txt", text.encode()))
    assert [(t.kind, t.printed_number, t.money_unit, len(t.rows)) for t in tables] == [("income", "02", "yuan", 2)]


def test_metadata_of_the_four_samples(reports):
    got = {name: (r.meta.unit_name, r.meta.year, r.meta.stage, r.meta.scope, r.meta.region) for name, r in reports.items()}
    assert got == {
        "baotou_final": ("包头市社会保险事业服务中心", 2024, "final", "unit", "内蒙古自治区包头市"),
        "haidong_final": ("海东市社会保险服务局", 2024, "final", "department", "青海省海东市"),
        "chaoyang_final": ("辽宁省朝阳市社会保险事业服务中心", 2024, "final", "department", "辽宁省朝阳市"),
        "baotou_budget": ("包头市人力资源和社会保障局", 2025, "budget", "department_total", "内蒙古自治区包头市"),
    }
    assert reports["baotou_budget"].meta.unit_code == "401001"


def test_wrong_printed_numbers_do_not_matter(reports):
    # 朝阳 prints 三公 as 公开07表 (决算 numbering has it at 09)
    chaoyang = {t.table.kind: t.table.printed_number for t in reports["chaoyang_final"].tables}
    assert chaoyang["three_public"] == "07"


def test_the_last_contents_entry_before_a_part_heading_is_not_a_table():
    # paraphrases the contents page of a Shanghai district 决算 (GovBudgetChecker fixture sample_page_data, p2):
    # its last table entry is followed by 第三部分 and short narrative headings, then the unit list's rows
    text = ("目录\n二、收入决算表\n九、国有资本经营预算财政拨款收入支出决算表\n第三部分 某局决算情况说明\n"
            "一、收入支出决算总体情况说明\n第四部分 名词解释\n序号\t单位名称\t备注\n1\t某局（本级）\t\n")
    assert locate_tables(read_text_report("t.txt", text.encode())) == []
