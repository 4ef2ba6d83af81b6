"""tools/page_data_to_text.py: a "page data" JSON (page texts + extracted grids) made a text report the text reader
takes, the table's lines from the grid and only the title, unit line and notes from the page's text. The page is
hand-made (a two-row table in the shape of a district budget's 收入预算总表)."""

import importlib.util
from pathlib import Path

from pipelines.read.text import read_text_report

_TOOL = Path(__file__).resolve().parents[1] / "tools" / "page_data_to_text.py"
_spec = importlib.util.spec_from_file_location("page_data_to_text", _TOOL)
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

PAGE = {
    "page_texts": ["封面 2026年部门预算", "2026年部门收入预算总表\n编制部门：某局 单位：元\n项目 收入预算\n"
                   "功能分类科目名称 合计 财政拨款收入\n208 社会保障和就业支出 1,000 1,000\n注：本表无其他收入。"],
    "page_tables": [[], [[["项目", "收入预算", ""], ["功能分类科目名称", "合计", "财政拨款\n收入"],
                          ["208 社会保障和就业支出", "1,000", "1,000"], ["", "", ""]]]],
}


def test_title_and_notes_from_the_text_rows_from_the_grid():
    lines = read_text_report("t.txt", tool.convert(PAGE).encode())
    assert [(line.page, line.cells) for line in lines] == [
        (1, ("封面 2026年部门预算",)),
        (2, ("2026年部门收入预算总表",)),
        (2, ("编制部门:某局 单位:元",)),  # the reader normalises full-width colons
        (2, ("项目", "收入预算", "")),
        (2, ("功能分类科目名称", "合计", "财政拨款收入")),
        (2, ("208 社会保障和就业支出", "1,000", "1,000")),
        (2, ("注:本表无其他收入。",)),
    ]


def test_a_text_without_the_table_lines_puts_notes_below():
    page = {"page_texts": ["收入决算表\n单位：万元\n注：本表反映收入。"], "page_tables": [[[["合计", "1.00"]]]]}
    assert tool.convert(page).splitlines() == ["收入决算表", "单位：万元", "合计\t1.00", "注：本表反映收入。"]
