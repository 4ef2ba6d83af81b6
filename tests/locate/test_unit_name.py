"""Unit name, year, stage and scope read from the text: hand-placed cases, one per rule
(pipelines/locate/unit_name.py, metadata.py; words in reference/report_words.yaml)."""

import pytest

from pipelines.errors import NarrativePart, NotAReport
from pipelines.locate.metadata import detect_region, detect_report_meta, read_report_meta
from pipelines.locate.unit_name import Candidate, choose_unit_name, clean_name, is_unit_name, unit_candidates
from pipelines.model import Line, SourceDocument


def source(*pages: list) -> SourceDocument:
    """Pages of lines; a line is a string (one cell) or a tuple of cells (a table row)."""
    lines, number = [], 0
    for page, items in enumerate(pages, 1):
        for item in items:
            number += 1
            cells = (item,) if isinstance(item, str) else tuple(item)
            lines.append(Line(number, page, "\t".join(cells), cells))
    return SourceDocument("t.pdf", "t.pdf", "0" * 64, 1, "pdf", tuple(lines))


@pytest.mark.parametrize("printed, name", [
    ("国家信访局2026年度部门预算二〇二六年三月1", "国家信访局"),  # Chinese date, page number
    ("—1—重庆市规划和自然资源局2026年部门预算情况说明", "重庆市规划和自然资源局"),  # —1—, section words
    ("重庆市商务委员会2026年部门预算情况说明一、单位基本情况(一)主要职责", "重庆市商务委员会"),  # list heading on
    ("1西南大学2023年度部门预算2023年4月2", "西南大学"),  # leading/trailing page numbers, publication date
    ("2026年度福州市民政局（本级）单位预算", "福州市民政局"),  # qualifier bracket
    ("深圳市财政局()", "深圳市财政局"),  # empty bracket
    ("上海市刑事科学技术研究院（市级单位预算）", "上海市刑事科学技术研究院"),  # scope words in brackets
    ("2026年度苏州市审计局部门预算公开苏州市审计局2026年度部门预算公开-1-", "苏州市审计局"),  # doubled name
    ("上海市财务会计综合管理事务中心（上海市财政科学研究所）",
     "上海市财务会计综合管理事务中心(上海市财政科学研究所)"),  # a second registered name is kept
    ("507-湖州市卫生健康委员会", "湖州市卫生健康委员会"),  # leading code
    ("北京市财政局2026年度部门预算信息公开", "北京市财政局"),
    ("西安市科学技术局2022年部门综合预算", "西安市科学技术局"),
])
def test_clean_name(printed, name):
    assert clean_name(printed) == name
    assert is_unit_name(clean_name(printed))


@pytest.mark.parametrize("printed", ["公开表一", "01表", "上海市2026年市级单位预算", "上海市普陀区2025年区级部门预算",
                                     "附件2 2019年部门综合预算公开报表", "万元", "广州市统计局项目"])
def test_what_is_not_a_unit_name(printed):
    assert not is_unit_name(clean_name(printed))


def test_a_labelled_preamble_names_the_unit_of_a_tables_only_file():
    # jiangsu-shengweiban-tables-2017 p1: "部门：中国共产党江苏省委员会办公厅 单位：万元" over every table
    doc = source(["部门：中共江苏省委办公厅　　单位：万元", "收支预算总表", ("收入", "支出")],
                 ["部门：中共江苏省委办公厅　　单位：万元", "收入预算总表"])
    assert choose_unit_name(unit_candidates(doc)) == "中共江苏省委办公厅"


def test_a_label_cell_names_the_unit_in_the_next_cell():
    # beijing-czj-tables p44: 预算13表 | (2026年度) | 部门名称 | | 北京市财政局
    doc = source([("预算13表部门整体支出绩效目标表", ""), ("部门名称", "", "北京市财政局", "")])
    assert [(c.name, c.label) for c in unit_candidates(doc)] == [("北京市财政局", "部门名称")]


def test_the_title_outweighs_a_sentence_naming_the_unit_after_other_words():
    candidates = [Candidate("国家信访局", "title", 1), Candidate("注:国家信访局", "heading", 14),
                  Candidate("注:国家信访局", "heading", 15), Candidate("注:国家信访局", "heading", 16)]
    assert choose_unit_name(candidates) == "国家信访局"


def test_a_name_without_its_province_counts_for_the_name_with_it():
    candidates = [Candidate("江苏省高级人民法院", "label", 8), Candidate("高级人民法院", "heading", 2),
                  Candidate("高级人民法院", "heading", 3), Candidate("江苏省人民检察院", "label", 9)]
    assert choose_unit_name(candidates) == "江苏省高级人民法院"


def test_a_central_department_is_central():
    assert detect_region("国家信访局", "国家信访局2026年度部门预算") == "中央"
    assert detect_region("江苏省高级人民法院") == "江苏省"
    assert detect_region("西南大学") is None


def narrative(title: list[str], body: list[str]) -> SourceDocument:
    return source(title + ["目录", "第一部分 概况"], body)


def test_year_and_stage_come_from_the_title_not_from_comparisons_or_dates():
    doc = narrative(["西南大学2023年度部门决算", "2024年8月"], ["收入比2022年度决算增加1.00万元。"])
    meta = read_report_meta(doc, [])
    assert (meta.unit_name, meta.year, meta.stage) == ("西南大学", 2023, "final")


def test_year_of_a_tables_only_file_from_a_table_title_or_a_year_line():
    # jiangsu-zhengxie-tables-2018 p11 "2018年政府采购预算表"; beijing-czj-tables p44 "(2026年度)"
    doc = source(["部门：江苏省政协办公厅单位：万元", "收支预算总表"], ["2018年政府采购预算表"])
    assert (read_report_meta(doc, []).year, read_report_meta(doc, []).stage) == (2018, "budget")
    doc = source([("部门名称", "北京市财政局"), ("预算13表部门整体支出绩效目标表", ""), ("(2026年度)", "")])
    assert (read_report_meta(doc, []).year, read_report_meta(doc, []).stage) == (2026, "budget")


@pytest.mark.parametrize("title, body, scope", [
    (["2026年度", "福州市民政局（本级）", "单位预算"], [], "unit"),
    (["2026年深圳市财政局（本级）部门预算"], [], "department"),
    (["苏州市审计局2026年度部门预算"], ["纳入本部门2026年部门汇总预算编制范围的预算单位共计1家。"], "department"),
    (["重庆市商务委员会2026年部门预算"], ["下设财政拨款二级预算单位6个，分别是：…"], "department_total"),
    (["湖州市卫生健康委员会", "2026年部门预算"], ["湖州市卫生健康委员会预算包括：委本级预算、委属市疾病预防控制中心"],
     "department_total"),
    (["2024年度包头市社会保险事业服务中心公开报告"], ["纳入本单位决算编制范围的预算单位共计1家", "收入支出决算总表"], "unit"),
])
def test_scope(title, body, scope):
    assert read_report_meta(narrative(title, body), []).scope == scope


def test_a_narrative_only_file_is_a_narrative_part_waiting_for_its_tables():
    # jiangsu-rendaban-text-2019 p1: "江苏省人大常委会办公厅 / 2019年度部门预算公开", no table in the file
    doc = narrative(["江苏省人大常委会办公厅", "2019年度部门预算公开"], ["一、主要职能"])
    with pytest.raises(NarrativePart) as raised:
        detect_report_meta(doc, [])
    assert raised.value.code == "narrative_part"
    assert (raised.value.unit_name, raised.value.year, raised.value.stage) == ("江苏省人大常委会办公厅", 2019, "budget")
    assert "waiting for its tables" in raised.value.reason


def test_a_text_naming_no_report_is_still_not_a_report():
    with pytest.raises(NotAReport) as raised:
        detect_report_meta(source(["局务会议纪要", "会议研究了年度工作安排。"]), [])
    assert "no standard" in raised.value.reason and not isinstance(raised.value, NarrativePart)
