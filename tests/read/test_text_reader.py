"""Reader for text extractions: cells, marks, radicals, watermarks, page breaks, bad encodings."""

import pytest

from pipelines.errors import BinaryFile, EmptyFile, RejectedInput, UnsupportedFormat
from pipelines.read import read_document
from pipelines.read.text import read_text_report
from tests.conftest import SAMPLES


def lines_of(text: str):
    return read_text_report("t.txt", text.encode("utf-8"))


def test_cells_lose_bold_and_markdown_marks():
    line = lines_of("<b>本年收入合计</b>\t27\t**1,529.48**\n")[0]
    assert line.cells == ("本年收入合计", "27", "1,529.48")
    assert line.raw == "<b>本年收入合计</b>\t27\t**1,529.48**"


def test_radical_code_points_become_ideographs():
    # ⼀ U+2F00 (Kangxi, NFKC) and ⻔ U+2ED4 (CJK Radicals Supplement, needs the map)
    assert lines_of("⼀般公共预算财政拨款⽀出决算表\n")[0].text == "一般公共预算财政拨款支出决算表"
    assert lines_of("部⻔决算\n")[0].text == "部门决算"


def test_watermark_lines_inside_tables_are_dropped():
    lines = lines_of("合计\t\t1.00\n仅供内部审核\n208\t社会保障和就业支出\t1.00\n")
    assert [l.text for l in lines] == ["合计1.00", "208社会保障和就业支出1.00"]


def test_blank_line_inside_a_table_is_a_page_break():
    lines = lines_of("标题\n\n208\t社保\t1.00\n\n210\t卫生\t2.00\n")
    assert [l.page for l in lines] == [1, 1, 2]


def test_blank_line_between_paragraphs_is_not_a_page_break_but_mid_sentence_is():
    text = "第一段说明收入支出决算总体情况完毕。\n\n第二段说明收入决算情况的内容很长很长很长很长而且被截断在这\n\n里继续。\n"
    assert [l.page for l in lines_of(text)] == [1, 1, 2]


def test_form_feed_is_a_page_break():
    assert [l.page for l in lines_of("a\n\fb\n")] == [1, 2]


def test_line_numbers_are_file_lines():
    assert [l.number for l in lines_of("a\n\n\nb\n")] == [1, 4]


def test_sample_pages_are_inferred(reports):
    # 包头 2025 budget: tables split by blank lines at page breaks (22 pages inferred, 24 in the PDF table of contents is unknown)
    assert reports["baotou_budget"].source.pages > 10


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty.txt: the file is empty"):
        read_document(path)


def test_gbk_text_is_rejected_with_the_conversion_hint(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLES["haidong_final"].read_text(encoding="utf-8").encode("gbk", errors="ignore"))
    with pytest.raises(RejectedInput, match="GBK/GB18030.*iconv"):
        read_document(path)


def test_binary_and_pdf_are_rejected(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(BinaryFile):
        read_document(binary)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n...")
    with pytest.raises(UnsupportedFormat, match="PDF"):
        read_document(pdf)


def test_with_form_feeds_the_printed_pages_are_the_pages(tmp_path):
    # an extraction that wrote its page breaks (tools/page_data_to_text.py, pdftotext): a blank line
    # inside a table is no page break, and locate keeps every line on its printed page instead of
    # giving each table a page of its own (GovBudgetChecker fixtures converted: p10 was read as p12)
    from pipelines.locate import locate_report

    text = ("2025年部门决算\n\f收入支出决算总表\n单位：万元\n项目\t决算数\n一、财政拨款收入\t1.00\n\n"
            "本年收入合计\t1.00\n支出决算表\n单位：万元\n项目\t合计\n合计\t1.00\n")
    assert [l.page for l in lines_of(text)] == [1] + [2] * 9
    path = tmp_path / "paged.txt"
    path.write_text(text, encoding="utf-8")
    source = read_document(path)
    assert source.pages_printed
    located, tables = locate_report(source)
    assert [l.page for l in located.lines] == [1] + [2] * 9
    assert {t.rows[0].page for t in tables if t.rows} == {2}
    # the same text without its form feed has inferred pages, re-paged per table as before
    path.write_text(text.replace("\f", ""), encoding="utf-8")
    assert not read_document(path).pages_printed
