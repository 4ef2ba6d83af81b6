"""The contents page (目录) lists the tables a report promises (claim listed_table, rule TB01): every printed form
of a contents entry names its kind, and a listed kind the report also prints is no claim."""

from pipelines.locate import locate_tables
from pipelines.locate.narrative import find_claims
from pipelines.model import Line


def _line(number, page, *cells):
    return Line(number, page, "\t".join(cells), tuple(cells), "pdfium-text" if len(cells) == 1 else "pdfium-lattice")


def _listed(lines, stage="final"):
    tables = locate_tables(lines)
    return [c.targets[0][0] for c in find_claims(tuple(lines), tables, stage) if c.claim_id == "listed_table"]


def test_contents_entries_in_every_printed_form_name_their_kinds():
    # the forms seen on real contents pages (tests/locate/test_collected_titles.py has their sources): Word fields left
    # as text (泸州市中医医院 2023), 表N: (曾都 2021), 附表N-N, 1. / 一、 numbering, dot leaders with page numbers,
    # page ranges (2-5), and the 情况说明 sections between them, which name no table
    lines = [
        _line(1, 1, "(目录)"),
        _line(2, 1, "一、收入支出决算总表 PAGEREF _Toc20349 h 22"),
        _line(3, 1, "五、一般公共预算财政拨款支出决算情况说明 PAGEREF _Toc19235 h 6"),
        _line(4, 1, "表 2:收入决算表"),
        _line(5, 1, "附表1-3 支出决算表………………………… 8"),
        _line(6, 1, "4. 财政拨款收入支出决算总表 (2-5)"),
        _line(7, 1, "五、财政拨款支出决算明细表"),
        _line(8, 1, "十三、财政拨款“三公”经费支出决算表"),
    ]
    assert _listed(lines) == ["summary", "income", "expenditure", "fiscal_summary", "expenditure_detail", "three_public"]


def test_a_word_field_marks_a_contents_entry_on_a_page_without_the_word_contents():
    # the contents run onto a second page that does not print 目录 (泸州市中医医院 2023: 第五部分 附表 on the next page)
    lines = [_line(1, 1, "目 录"), _line(2, 1, "第一部分 单位概况 PAGEREF _Toc25831 h 3"),
             _line(3, 2, "九、一般公共预算财政拨款项目支出决算表 PAGEREF _Toc1 h 23")]
    assert _listed(lines) == ["gpb_project_expenditure"]


def test_a_listed_table_the_report_prints_is_no_claim():
    lines = [
        _line(1, 1, "目录"), _line(2, 1, "一、收入支出决算总表 PAGEREF _Toc20349 h 22"),
        _line(3, 1, "二、收入决算表 PAGEREF _Toc4418 h 22"),
        _line(4, 2, "收入支出决算总表"), _line(5, 2, "公开01表"),
        _line(6, 2, "项目", "金额", "项目", "金额"), _line(7, 2, "一、财政拨款收入", "1.00", "一、一般公共服务支出", "1.00"),
    ]
    assert _listed(lines) == ["income"]
