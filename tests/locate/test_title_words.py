"""Titles no alias names are identified by their words; headers and repeated titles refine the tables."""

import pytest

from pipelines.locate import locate_tables
from pipelines.locate.titles import match_title
from pipelines.model import Line


@pytest.mark.parametrize("line, kind", [
    # real titles seen in ../shared/real (file, page)
    ("2026年预算单位财务收支预算总表", "summary"),  # shanghai-czkjzx p7
    ("2026年部门收支总体情况表", "summary"),  # chongqing-swj p8
    ("预算01表 收支总表", "summary"),  # beijing-czj-tables p1
    ("表 1:高等学校收支决算总表", "summary"),  # chongqing-swu-2023-final p8
    ("西南大学收入预算表", "income"),  # chongqing-swu-2023-budget p8 (the unit's name before the title)
    ("2026年预算单位一般公共预算支出功能分类预算表", "gpb_expenditure"),  # shanghai-czkjzx p13
    ("2026年预算单位一般公共预算基本支出部门预算经济分类预算表", "gpb_basic_expenditure"),  # shanghai-czkjzx p17
    ("一般公共预算支出表(按经济分类)", "gpb_expenditure_econ"),  # guangdong-szczj p34
    ("2022年部门综合预算一般公共预算基本支出明细表(按功能科目分)", "gpb_basic_expenditure_func"),  # shaanxi-xakjj p51
    ("财政拨款支出预算表(功能科目)", "fiscal_expenditure"),  # jiangsu-fayuan p10
    ("财政拨款基本支出预算表(经济科目)", "fiscal_basic_expenditure"),  # jiangsu-fayuan p11
    ("2026年财政拨款“三公”经费支出情况表", "three_public"),  # chongqing-swj p23
    ("2026年单位“三公”经费和机关运行经费预算表", "three_public"),  # shanghai-czkjzx p20
    ("“三公”经费、会议费、培训费支出预算表", "three_public"),  # jiangsu-zhengxie-tables p9
    ("财政拨款政府性基金支出预算表", "gov_fund"),  # jiangsu-zhengxie-tables p10
    ("2026年市级部门项目支出预算表", "project_list"),  # zhejiang-huzwjw p45
    ("2022部门综合预算财政拨款结转资金支出表", "carryover"),  # shaanxi-xakjj p59
    ("2026年政府采购预算明细表", "procurement"),  # chongqing-swj p24
    ("基本支出总表", "basic_expenditure"),  # guangdong-szczj p24
])
def test_titles_are_identified_by_their_words(line, kind):
    assert match_title(line).kind == kind


@pytest.mark.parametrize("line", ["2017 年度部门预算表", "二、2023 年度部门决算报表", "第二部分 2026年部门预算表",
                                  "一般公共预算支出情况说明", "公开 01 表",
                                  # a sentence running into a heading (shaanxi-xakjj-2022 p39 line 548, checked by eye)
                                  "与试验发展活动的人员劳务费、原材料费、固定资产购建费、管理费及其他费用支出。 第四部分 公开报表",
                                  "主要用于日常运转支出;详见下表"])
def test_headings_that_name_no_table_are_not_titles(line):
    assert match_title(line) is None


def _line(number, page, *cells):
    return Line(number, page, "\t".join(cells), tuple(cells), "camelot-lattice" if len(cells) > 1 else "pdfium-text")


def test_a_title_repeated_on_the_next_page_continues_the_table():
    lines = [
        _line(1, 1, "收支总表"), _line(2, 1, "单位:万元"),
        _line(3, 1, "项目", "预算数", "项目", "预算数"), _line(4, 1, "一、一般公共预算", "10.00", "一、一般公共服务支出", "10.00"),
        _line(5, 2, "收支总表"), _line(6, 2, "单位:万元"),
        _line(7, 2, "项目", "预算数", "项目", "预算数"), _line(8, 2, "收入总计", "10.00", "支出总计", "10.00"),
        _line(9, 3, "收入总表"), _line(10, 3, "项目", "合计"), _line(11, 3, "合计", "10.00"),
    ]
    tables = locate_tables(lines)
    assert [(t.kind, [r.number for r in t.rows]) for t in tables] == [("summary", [3, 4, 7, 8]), ("income", [10, 11])]


def test_the_header_corrects_the_classification_a_title_gave():
    lines = [
        _line(1, 1, "一般公共预算支出表"),
        _line(2, 1, "部门预算支出经济分类科目", "", "本年一般公共预算支出"),
        _line(3, 1, "科目编码", "科目名称", "合计"),
        _line(4, 1, "301", "工资福利支出", "5.00"),
    ]
    assert locate_tables(lines)[0].kind == "gpb_expenditure_econ"


def test_a_money_unit_the_reader_took_into_the_first_row_is_the_tables():
    # guangdong-gztjj p8: "单位名称:广州市统计局 | … | 单位:万元" is read as the table's first row
    lines = [
        _line(1, 1, "收入总体情况表"),
        _line(2, 1, "单位名称:广州市统计局", "", "单位:万元"),
        _line(3, 1, "单位名称", "合计", "一般公共预算"),
        _line(4, 1, "合计", "9,483.72", "9,433.72"),
    ]
    assert locate_tables(lines)[0].money_unit == "wan_yuan"


def test_a_title_wrapped_before_its_last_character_is_one_title():
    # jiangsu-rendaban-2017-budget p20: "“三公”经费、会议费、培训费支出预算" / "表", then the table
    lines = [
        _line(1, 1, "“三公”经费、会议费、培训费支出预算"), _line(2, 1, "表"),
        _line(3, 1, "部门: 江苏省人大常委会办公厅 单位:万元"),
        _line(4, 1, "合计", "“三公”经费", "会议费"), _line(5, 1, "2,542.60", "833.60", "1,305.25"),
    ]
    (table,) = locate_tables(lines)
    assert (table.kind, table.title, table.money_unit) == ("three_public", "“三公”经费、会议费、培训费支出预算表", "wan_yuan")
