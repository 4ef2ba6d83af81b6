"""Reader for saved HTML pages: table grid (colspan/rowspan), prose around tables, layout tables,
forgiving markup, page breaks, encodings, and pages that are not reports."""

from __future__ import annotations

import pytest

from pipelines.errors import UnsupportedFormat
from pipelines.read import read_document
from pipelines.read.html import read_html


def lines_of(html: str, encoding: str = "utf-8"):
    return read_html("page.html", html.encode(encoding))


def cells_of(html: str):
    return [line.cells for line in lines_of(html)]


def test_colspan_and_rowspan_leave_empty_cells_like_the_text_format():
    html = """<table>
      <thead>
        <tr><th colspan="2">项目</th><th rowspan="2">本年支出合计</th><th colspan="2">本年支出</th></tr>
        <tr><th>科目代码</th><th>科目名称</th><th>基本支出</th><th>项目支出</th></tr>
      </thead>
      <tbody><tr><td>208</td><td>社会保障和就业支出</td><td>1,378.36</td><td>1,203.75</td><td>174.61</td></tr></tbody>
    </table>"""
    assert cells_of(html) == [
        ("项目", "", "本年支出合计", "本年支出", ""),
        ("科目代码", "科目名称", "", "基本支出", "项目支出"),
        ("208", "社会保障和就业支出", "1,378.36", "1,203.75", "174.61"),
    ]


def test_rows_are_padded_to_the_table_width_and_empty_rows_skipped():
    html = "<table><tr><td>合计</td><td></td><td>1.00</td></tr><tr><td>合 计</td></tr><tr><td> </td></tr></table>"
    assert cells_of(html) == [("合计", "", "1.00"), ("合 计", "", "")]


def test_thead_first_and_tfoot_last_as_printed():
    html = ("<table><tfoot><tr><td>合计</td><td>3.00</td></tr></tfoot><tbody><tr><td>a</td><td>1.00</td></tr></tbody>"
            "<thead><tr><th>项目</th><th>金额</th></tr></thead></table>")
    assert cells_of(html) == [("项目", "金额"), ("a", "1.00"), ("合计", "3.00")]


def test_cell_lines_are_joined_and_whitespace_collapsed():
    html = ("<table><tr><th>年初结转<br>和结余</th><th>Total<br/>expenditure</th><th><p>本年</p><p>收入</p></th></tr>"
            "<tr><td>\n  1,527.08&nbsp;</td><td>A &amp; B</td><td><b>2.40</b></td></tr></table>")
    assert cells_of(html) == [("年初结转和结余", "Total expenditure", "本年收入"), ("1,527.08", "A & B", "2.40")]


def test_prose_lines_around_tables():
    html = """<!DOCTYPE html><html><head><title>不读</title><style>p { color: red }</style>
      <script>var x = "<table>";</script></head><body>
      <h1>2024年度包头市社会保险事业服务中心决算公开</h1>
      <p>第一段，<b>加粗</b>的文字
         跨行。<br>第二行</p>
      <ul><li>一、主要职能</li><li>二、机构设置</li></ul>
      <div>收入支出决算总表<div>公开01表</div></div>
      <p style="display:none">隐藏的文字</p>
      <table><caption>单位：万元</caption><tr><td>合计</td><td>1.00</td></tr></table>
      <p>注：本表反映部门本年度的总收支。</p>
    </body></html>"""
    assert [line.cells for line in lines_of(html)] == [
        ("2024年度包头市社会保险事业服务中心决算公开",),
        ("第一段,加粗的文字 跨行。",),
        ("第二行",),
        ("一、主要职能",),
        ("二、机构设置",),
        ("收入支出决算总表",),
        ("公开01表",),
        ("单位:万元",),
        ("合计", "1.00"),
        ("注:本表反映部门本年度的总收支。",),
    ]
    assert [line.number for line in lines_of(html)] == list(range(1, 11))


def test_raw_keeps_the_cells_as_read_and_cells_are_normalised():
    line = lines_of("<table><tr><td>⼀般公共预算</td><td>1,527.08</td></tr></table>")[0]
    assert line.raw == "⼀般公共预算\t1,527.08"
    assert line.cells == ("一般公共预算", "1,527.08")


def test_a_layout_table_is_read_as_flowing_content():
    html = """<table width="100%"><tr><td>
        <p>支出决算表</p><p>金额单位：万元</p>
        <table border="1"><tr><td>208</td><td>社会保障和就业支出</td><td>1.00</td></tr></table>
        </td></tr><tr><td>注：本表……</td></tr></table>"""
    assert cells_of(html) == [("支出决算表",), ("金额单位:万元",), ("208", "社会保障和就业支出", "1.00"), ("注:本表......",)]  # NFKC


def test_a_data_table_with_a_small_table_in_a_cell_stays_a_data_table():
    rows = "".join(f"<tr><td>{code}</td><td>科目{code}</td><td>{code}.00</td></tr>" for code in range(201, 206))
    html = f"<table>{rows}<tr><td>注</td><td><table><tr><td>说明</td><td>见附件</td></tr></table></td><td></td></tr></table>"
    lines = cells_of(html)
    assert lines[0] == ("201", "科目201", "201.00") and len(lines) == 6
    assert lines[-1] == ("注", "说明见附件", "")  # the inner cells joined like lines of one cell


def test_implied_end_tags_as_browsers_read_them():
    html = """<html><head><title>t</title>
      <p>没有 body 标签
      <table><tr><td>208<td>社会保障<td>1.00
             <tr><td>210<td>卫生健康<td>2.00
      </table><p>之后"""
    assert cells_of(html) == [("没有 body 标签",), ("208", "社会保障", "1.00"), ("210", "卫生健康", "2.00"), ("之后",)]


def test_stray_end_tags_inside_a_cell_do_not_break_the_table():
    html = "<div><table><tr><td>a</div></p></span></td><td>1.00</td></tr><tr><td>b</td><td>2.00</td></tr></table></div>"
    assert cells_of(html) == [("a", "1.00"), ("b", "2.00")]


def test_end_tags_close_the_innermost_element():
    html = "<div><div><p>里面</p></div><p>外面</p></div><table><tr><td>a</td><td>1.00</td></tr></table>"
    assert cells_of(html) == [("里面",), ("外面",), ("a", "1.00")]
    nested = "<table><tr><td>x<table><tr><td>b</td><td>2.00</td></tr></table>之后</td></tr></table>"
    assert cells_of(nested) == [("x",), ("b", "2.00"), ("之后",)]


def test_one_column_tables_are_prose():
    assert cells_of("<table><tr><td>第一部分 单位概况</td></tr><tr><td>一、主要职能</td></tr></table>") == [
        ("第一部分 单位概况",), ("一、主要职能",)]


def test_page_breaks_from_print_styles():
    html = """<body><p>封面</p>
      <section style="break-before: page"><p>表1</p><table><tr><td>合计</td><td>1.00</td></tr></table></section>
      <div style="page-break-before:always"><p>表2</p></div>
      <p style="page-break-after: always">表2 注</p><p>表3</p></body>"""
    assert [(line.text, line.page) for line in lines_of(html)] == [
        ("封面", 1), ("表1", 2), ("合计1.00", 2), ("表2", 3), ("表2 注", 3), ("表3", 4)]


def test_declared_gbk_page_is_decoded():
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><table><tr><td>社会保障和就业支出</td><td>1.00</td></tr></table></body></html>"
    assert cells_of_bytes(html.encode("gb18030")) == [("社会保障和就业支出", "1.00")]


def cells_of_bytes(data: bytes):
    return [line.cells for line in read_html("page.html", data)]


def test_undeclared_gbk_page_is_decoded_too():
    html = "<html><body><table><tr><td>卫生健康支出</td><td>2.00</td></tr></table></body></html>"
    assert cells_of_bytes(html.encode("gb18030")) == [("卫生健康支出", "2.00")]


# --- through dispatch ----------------------------------------------------------------------------

def test_saved_page_is_read_as_html(tmp_path):
    path = tmp_path / "report.htm"
    path.write_bytes(b"\xef\xbb\xbf<!-- saved from url=(0040)http://example.gov.cn/yjs/2024.html -->\n"
                     + "<html><body><table><tr><td>合计</td><td>1.00</td></tr></table></body></html>".encode())
    source = read_document(path)
    assert source.source_format == "html"
    assert [line.cells for line in source.lines] == [("合计", "1.00")]


@pytest.mark.parametrize("page", [
    "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
    "<html><head><title>统一身份认证</title></head><body><form><input name=user><input type=password name=pw>"
    "<button>登录</button></form></body></html>",
])
def test_page_without_tables_is_rejected_as_error_or_login_page(tmp_path, page):
    path = tmp_path / "login.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="an HTML page without tables"):
        read_document(path)


def test_a_report_page_without_tables_is_read_as_prose(tmp_path):
    # henan-zzgtj-2015-budget.html: a 情况说明 page whose three tables were an attachment (附表.xls) that was
    # not saved; it is read, and locate records it as a narrative part (not "an error or login page")
    paragraph = "2015年收入预算共安排国库拨款资金923.1961万元,其中财政拨款869.6461万元。" * 12
    page = f"<html><body><h1>郑州市国土资源局2015年度部门预算公开情况说明</h1><p>{paragraph}</p></body></html>"
    path = tmp_path / "notice.html"
    path.write_text(page, encoding="utf-8")
    source = read_document(path)
    assert source.source_format == "html" and any("923.1961" in line.text for line in source.lines)
    gb_page = path.with_name("notice-gb2312.html")  # the same page as a GB2312 site serves it: its prose counts
    gb_page.write_bytes(page.replace("<html>", '<html><head><meta charset="gb2312"></head>').encode("gb2312"))
    assert read_document(gb_page).source_format == "html"
