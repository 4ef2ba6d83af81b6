"""The DOCX reader on minimal Word documents written here (a ZIP with [Content_Types].xml and
word/document.xml, the XML placed by hand): prose, tables with gridSpan/vMerge, page breaks, hidden
text, text boxes, and bad packages rejected naming the file. The sample reports rendered as Word
documents (tools/render/docx.py) are read back fact for fact in test_renderings.py."""

from __future__ import annotations

import io
import quopri
import zipfile

import pytest

from pipelines.errors import RejectedInput, UnsupportedFormat
from pipelines.read.dispatch import read_document
from pipelines.read.docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(body: str, *, styles: str = "", namespace: str = W, extra: dict | None = None, prolog: str = "") -> bytes:
    buffer = io.BytesIO()
    root = f'xmlns:w="{namespace}" xmlns:mc="{MC}"'
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
                                              f"<w:document {root}><w:body>{body}</w:body></w:document>")
        if styles:
            archive.writestr("word/styles.xml", f"<w:styles {root}>{styles}</w:styles>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def p(*runs: str, props: str = "") -> str:
    return f"<w:p><w:pPr>{props}</w:pPr>{''.join(runs)}</w:p>"


def r(text: str = "", props: str = "", inner: str = "") -> str:
    body = f'<w:t xml:space="preserve">{text}</w:t>' if text else ""
    return f"<w:r><w:rPr>{props}</w:rPr>{inner}{body}</w:r>"


def tc(text: str = "", props: str = "", inner: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(inner, r(text)) if text or inner else '<w:p/>'}</w:tc>"


def table(*rows: str, columns: int = 0) -> str:
    grid = "<w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>"
    return f"<w:tbl><w:tblPr/>{grid}{''.join(f'<w:tr>{row}</w:tr>' for row in rows)}</w:tbl>"


def read(body: str, **kwargs) -> list:
    return list(read_docx("report.docx", package(body, **kwargs)))


def cells(lines) -> list[tuple[str, ...]]:
    return [line.cells for line in lines]


# --- prose ---------------------------------------------------------------------------------------

def test_paragraphs_are_prose_lines_runs_joined_tabs_a_space_line_breaks_new_lines():
    lines = read(p(r("2024年度"), r("部门决算")) + p(r("单位："), r(inner="<w:tab/>"), r("万元"))
                 + p(r("第一行"), r(inner="<w:br/>"), r("第二行")))
    assert cells(lines) == [("2024年度部门决算",), ("单位: 万元",), ("第一行",), ("第二行",)]
    assert [line.raw for line in lines][1] == "单位： 万元"
    assert {line.engine for line in lines} == {"docx"} and [line.number for line in lines] == [1, 2, 3, 4]


def test_hidden_and_deleted_text_is_not_read_field_results_are():
    styles = ('<w:style w:type="character" w:styleId="Hint"><w:rPr><w:vanish/></w:rPr></w:style>'
              '<w:style w:type="character" w:styleId="Hint2"><w:basedOn w:val="Hint"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="HiddenPara"><w:rPr><w:vanish/></w:rPr></w:style>')
    body = (p(r("收入"), r("隐藏", "<w:vanish/>"), r("合计"), r("提示", '<w:rStyle w:val="Hint2"/>'))
            + p(r("整段隐藏"), props='<w:pStyle w:val="HiddenPara"/>')
            + p(r("显示", '<w:vanish w:val="0"/>'), props='<w:pStyle w:val="HiddenPara"/>')
            + p('<w:del w:id="1" w:author="a"><w:r><w:delText>旧文字</w:delText></w:r></w:del>',
                '<w:ins w:id="2" w:author="a">' + r("新文字") + "</w:ins>")
            + p(r(inner='<w:fldChar w:fldCharType="begin"/>'), r(inner="<w:instrText> PAGE </w:instrText>"),
                r(inner='<w:fldChar w:fldCharType="separate"/>'), r("7"), r(inner='<w:fldChar w:fldCharType="end"/>')))
    assert cells(read(body, styles=styles)) == [("收入合计",), ("显示",), ("新文字",), ("7",)]


def test_auto_numbering_is_not_invented():
    """一、 drawn by numbering.xml is not in the text: the heading reads as its own words."""
    body = p(r("部门主要职责"), props='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>')
    assert cells(read(body)) == [("部门主要职责",)]


def test_text_box_is_read_once_after_its_paragraph():
    """Word stores a text box twice (DrawingML in mc:Choice, VML in mc:Fallback): one cover title."""
    inner = f"<w:txbxContent>{p(r('2025年部门预算'))}</w:txbxContent>"
    box = (f"<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><x:shape xmlns:x=\"urn:x\">{inner}"
           f"</x:shape></w:drawing></mc:Choice><mc:Fallback><w:pict>{inner}</w:pict></mc:Fallback></mc:AlternateContent>")
    assert cells(read(p(r("封面"), f"<w:r>{box}</w:r>") + p(r("目录")))) == [("封面",), ("2025年部门预算",), ("目录",)]


def test_strict_ooxml_namespace_reads_the_same():
    assert cells(read(p(r("支出决算表")), namespace=STRICT)) == [("支出决算表",)]


# --- tables --------------------------------------------------------------------------------------

def test_table_rows_on_the_grid_spans_laid_out_as_html_rowspan_colspan():
    """项目 spans two columns (gridSpan), 合计 two rows (vMerge): text top-left, covered cells empty."""
    body = table(
        tc("项目", '<w:gridSpan w:val="2"/>') + tc("合计", '<w:vMerge w:val="restart"/>'),
        tc("科目代码") + tc("科目名称") + tc("", "<w:vMerge/>"),
        tc("208") + tc("社会保障和就业支出") + tc("1,378.36"),
        '<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("小计") + tc("1,378.36"),
        columns=3)
    assert cells(read(body)) == [("项目", "", "合计"), ("科目代码", "科目名称", ""),
                                 ("208", "社会保障和就业支出", "1,378.36"), ("", "小计", "1,378.36")]


def test_a_cells_paragraphs_join_and_rows_pad_to_the_grid():
    two_lines = f"<w:tc>{p(r('社会保障'))}{p(r('和就业支出'))}</w:tc>"
    body = table(tc("208") + two_lines, tc("合计"), columns=3)
    assert cells(read(body)) == [("208", "社会保障和就业支出", ""), ("合计", "", "")]


def test_hidden_rows_and_empty_rows_are_skipped_one_column_tables_are_prose():
    body = (table(tc("a") + tc("1"), '<w:trPr><w:hidden/></w:trPr>' + tc("旧") + tc("2"), tc() + tc(), columns=2)
            + table(tc("注：本表无数据"), columns=1))
    assert cells(read(body)) == [("a", "1"), ("注:本表无数据",)]


def test_nested_table_in_a_data_cell_is_flattened_a_layout_table_is_flowing_content():
    inner = table(tc("其中") + tc("人员"), columns=2)
    data = table(tc("a") + tc("1"), tc("b") + f"<w:tc>{inner}</w:tc>", tc("c") + tc("3"), tc("d") + tc("4"), columns=2)
    assert cells(read(data))[1] == ("b", "其中 人员")
    frame = table(f"<w:tc>{p(r('表一 收支总表'))}{table(tc('收入') + tc('10'), columns=2)}</w:tc>", columns=1)
    assert cells(read(frame)) == [("表一 收支总表",), ("收入", "10")]


# --- pages ---------------------------------------------------------------------------------------

def pages(body: str, **kwargs) -> list[tuple[str, int]]:
    return [(line.text, line.page) for line in read(body, **kwargs)]


def test_an_authors_break_and_words_rendered_break_on_the_same_page_are_one():
    body = (p(r("一")) + p(r(inner='<w:br w:type="page"/>')) + p(r("二", inner="<w:lastRenderedPageBreak/>"))
            + p(r("三", inner="<w:lastRenderedPageBreak/>")) + p(r("四", inner='<w:br w:type="page"/>')))
    assert pages(body) == [("一", 1), ("二", 2), ("三", 3), ("四", 4)]


def test_a_paragraph_running_over_a_page_keeps_its_page_the_next_line_takes_the_next():
    body = p(r("这一段从第一页"), r(inner="<w:lastRenderedPageBreak/>"), r("延续到第二页")) + p(r("下一段"))
    assert pages(body) == [("这一段从第一页延续到第二页", 1), ("下一段", 2)]


def test_section_breaks_start_a_page_unless_continuous_and_page_break_before_by_style():
    styles = '<w:style w:type="paragraph" w:styleId="TableTitle"><w:pPr><w:pageBreakBefore/></w:pPr></w:style>'
    body = (p(r("封面"), props='<w:sectPr><w:type w:val="continuous"/></w:sectPr>') + p(r("第二节"), props="<w:sectPr/>")
            + p(r("同页")) + p(r("表一"), props='<w:pStyle w:val="TableTitle"/>')
            + '<w:sectPr><w:type w:val="continuous"/></w:sectPr>')
    # 封面's sectPr ends section 1; section 2 (ended by 第二节's sectPr, no w:type: nextPage) starts a page,
    # section 3 (the body's sectPr: continuous) does not
    assert pages(body, styles=styles) == [("封面", 1), ("第二节", 2), ("同页", 2), ("表一", 3)]


def test_a_table_row_moved_to_the_next_page_counts_one_page_whatever_cells_say_so():
    lrpb = "<w:lastRenderedPageBreak/>"
    body = table(tc("项目") + tc("金额"), tc("208", inner=f"<w:r>{lrpb}</w:r>") + tc("1.00", inner=f"<w:r>{lrpb}</w:r>"),
                 tc("209") + tc("2.00"), columns=2) + p(r("注"))
    assert pages(body) == [("项目金额", 1), ("2081.00", 2), ("2092.00", 2), ("注", 2)]


def test_a_row_running_over_a_page_starts_on_its_first_page_the_boundary_counts_once():
    """Cell 1 prints 社会保障 on page 1 and 和就业支出 on page 2, cell 2's amount is all on page 2."""
    lrpb = "<w:lastRenderedPageBreak/>"
    split = f"<w:tc>{p(r('社会保障'))}{p(r('和就业支出', inner=lrpb))}</w:tc>"
    body = table(tc("项目") + tc("金额"), split + tc("1.00", inner=f"<w:r>{lrpb}</w:r>"), tc("209") + tc("2.00"),
                 columns=2)
    assert pages(body) == [("项目金额", 1), ("社会保障和就业支出1.00", 1), ("2092.00", 2)]


def chunk_package(chunk: bytes, name: str) -> bytes:
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdChunk" Type="{R}/aFChunk" Target="{name}"/></Relationships>')
    body = p(r("2024年度部门决算")) + f'<w:altChunk xmlns:r="{R}" r:id="rIdChunk"/>' + p(r("附注"))
    return package(body, extra={f"word/{name}": chunk, "word/_rels/document.xml.rels": rels})


def test_an_imported_html_part_is_read_in_place_another_format_rejects_the_file(tmp_path):
    """HTML-to-Word converters put the whole report in one w:altChunk part: read by the HTML reader."""
    html = "<html><body><p>收入支出决算总表</p><table><tr><td>合计</td><td>1.00</td></tr></table></body></html>"
    lines = read_docx("report.docx", chunk_package(html.encode(), "chunk1.html"))
    assert cells(lines) == [("2024年度部门决算",), ("收入支出决算总表",), ("合计", "1.00"), ("附注",)]
    assert {line.engine for line in lines} == {"docx"}
    path = tmp_path / "rtf-inside.docx"
    path.write_bytes(chunk_package("{\\rtf1\\ansi 合计}".encode(), "chunk1.rtf"))
    with pytest.raises(UnsupportedFormat, match=r"imported part \(w:altChunk\) that is not HTML") as error:
        read_document(path)
    assert error.value.path == str(path)


def mht(html: str) -> bytes:
    """A web archive as Word's "Single File Web Page" writes it: the page quoted-printable in GB2312,
    then an image."""
    page = quopri.encodestring(html.encode("gb2312")).replace(b"\n", b"\r\n")
    return (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01DA"\r\n\r\n'
            b'------=_NextPart_01DA\r\nContent-Type: text/html; charset="gb2312"\r\n'
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + page + b"\r\n"
            b"------=_NextPart_01DA\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            b"iVBORw0KGgo=\r\n------=_NextPart_01DA--\r\n")


def test_an_imported_web_archive_is_read_in_place_by_its_html_page(tmp_path):
    """Some converters embed a whole saved page as an MHT part (message/rfc822): its root HTML page is
    read as an imported HTML part is, its pages on the document's, the lines in place."""
    html = ("<html><body><p>收入支出决算总表</p><table><tr><td>科目名称</td><td>合计</td></tr>"
            "<tr><td>社会保险经办机构</td><td>1,527.08</td></tr></table>"
            "<br style='page-break-before:always'><table><tr><td>合计</td><td>1.00</td></tr></table></body></html>")
    data = mht(html)
    assert b"=BA=CF=BC=C6" in data  # 合计 in GB2312 bytes, quoted: read only if the part is decoded
    lines = read_docx("report.docx", chunk_package(data, "chunk1.mht"))
    assert [(line.page, line.cells) for line in lines] == [
        (1, ("2024年度部门决算",)), (1, ("收入支出决算总表",)), (1, ("科目名称", "合计")),
        (1, ("社会保险经办机构", "1,527.08")), (2, ("合计", "1.00")), (2, ("附注",))]
    assert [line.number for line in lines] == list(range(1, 7)) and {line.engine for line in lines} == {"docx"}
    path = tmp_path / "mht-without-page.docx"  # an archive with no HTML page: rejected naming the DOCX
    path.write_bytes(chunk_package(mht(html).replace(b"text/html", b"text/plain"), "chunk1.mht"))
    with pytest.raises(UnsupportedFormat, match="MHTML web archive without an HTML page") as error:
        read_document(path)
    assert error.value.path == str(path)


# --- dispatch and bad input ----------------------------------------------------------------------

def test_dispatch_reads_a_docx_by_its_bytes(tmp_path):
    path = tmp_path / "download.bin"
    path.write_bytes(package(p(r("2024年度部门决算")) + table(tc("合计") + tc("1.00"), columns=2)))
    document = read_document(path)
    assert document.source_format == "docx" and [line.cells for line in document.lines] == [
        ("2024年度部门决算",), ("合计", "1.00")]


@pytest.mark.parametrize(("content", "reason"), [
    (lambda good: good[: len(good) // 2], "corrupt or truncated ZIP/XLSX/DOCX"),
    (lambda good: package("<w:p><w:r><w:t>未闭合</w:r></w:p>"), "not well-formed XML"),
    (lambda good: package(p(r("&a;")), prolog="<!DOCTYPE w:document [<!ENTITY a 'b'>]>"), "declares a DTD"),
    (lambda good: package("", extra={"word/styles.xml": "<w:styles"}), "not well-formed XML"),
])
def test_damaged_docx_is_rejected_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "report.docx"
    path.write_bytes(content(package(p(r("合计")))))
    with pytest.raises(RejectedInput, match=reason) as error:
        read_document(path)
    assert (error.value.path, error.value.code) == (str(path), "corrupt_file")


def test_docx_without_its_document_part_is_rejected(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", f'<w:styles xmlns:w="{W}"/>')
    path = tmp_path / "no-body.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(RejectedInput, match="without its main part") as error:
        read_document(path)
    assert error.value.path == str(path)


def test_encrypted_docx_and_word_97_doc_are_rejected(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    locked, old = tmp_path / "locked.docx", tmp_path / "old.doc"
    locked.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    old.write_bytes(ole + "WordDocument".encode("utf-16-le") + bytes(512))
    with pytest.raises(UnsupportedFormat, match="encrypted"):
        read_document(locked)
    with pytest.raises(UnsupportedFormat, match=r"Word 97-2003 document \(DOC\)"):
        read_document(old)


def test_docx_text_part_over_the_limit_is_rejected_before_parsing(tmp_path):
    path = tmp_path / "huge.docx"
    path.write_bytes(package(p(r("合计")) + " " * (11 * 2**20)))  # 11 MB of XML, 11 KB compressed
    with pytest.raises(RejectedInput, match="word/document.xml declares 11.0 MB.*text_mb") as error:
        read_document(path)
    assert error.value.code == "over_limit"
