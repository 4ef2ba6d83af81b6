"""Reader for spreadsheet reports (XLSX via openpyxl, XLS via xlrd): rows → lines, merged cells,
numbers as the sheet displays them (exact decimals, never a float repr), formulas, bad files."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from pipelines.errors import RejectedInput, UnsupportedFormat
from pipelines.normalize.amounts import parse_amount
from pipelines.read import read_document
from pipelines.read.spreadsheet import display_text, format_number

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (1527.08, "#,##0.00", "1,527.08"),
    (1527.0800000000002, "#,##0.00", "1,527.08"),  # a float artefact of a computed cell
    (1203.0, "#,##0.00", "1,203.00"),
    (12.5, "0.00", "12.50"),
    (2.675, "0.00", "2.68"),  # decimal rounding of the 15 digits Excel keeps (float round() gives 2.67)
    (0.9998, "0.00%", "99.98%"),
    (0.92, "0.0%", "92.0%"),
    (12, "0", "12"),
    (10000, "#,##0", "10,000"),
    (0.1 + 0.2, "General", "0.3"),
    (1e-05, "General", "0.00001"),
    (123456789012.0, "General", "123456789012"),
    (5.0, None, "5"),
    (-1.3, "#,##0.00;[Red]#,##0.00", "-1.30"),  # printed red, still negative
    (-1.3, "#,##0.00;(#,##0.00)", "-1.30"),
    (0, '#,##0.00;-#,##0.00;"-"', "-"),  # the zero section prints a dash: a dash is not a number
    (0, "#,##0.00;-#,##0.00;", ""),  # … or nothing
    (1.5, '"¥"#,##0.00_ ', "1.50"),
    (True, "General", "TRUE"),
])
def test_numbers_are_shown_as_the_sheet_shows_them(value, fmt, shown):
    assert format_number(value, fmt) == shown


def test_cell_values_as_text():
    assert display_text("年初结转和\n结余") == "年初结转和结余"  # wrapped header text joined
    assert display_text("Total\nexpenditure") == "Total expenditure"
    assert display_text(dt.datetime(2025, 1, 22)) == "2025-01-22"
    assert display_text(None) == ""


def _save(workbook: Workbook, path):
    workbook.save(path)
    return path


def _report_workbook() -> Workbook:
    book = Workbook()
    cover = book.active
    cover.title = "封面"
    cover["A1"] = "2024年度某某市社会保险事业服务中心决算公开"
    cover["A3"] = "第一部分 单位概况"
    ws = book.create_sheet("支出决算表")
    ws["A1"] = "支出决算表"
    ws.merge_cells("A1:E1")  # the title centred over the table: one cell, not a row
    ws["A2"] = "公开03表"
    ws["E3"] = "金额单位：万元"  # a preamble line whose only cell is on the right
    rows = [
        ["项目", None, "本年支出合计", "其中", None],
        ["科目代码", "科目名称", None, "基本支出", "执行率"],
        ["208", "社会保障和就业支出", 1378.36, 1203.0000000000002, 0.9998],
        ["合 计", None, None, None, None],  # a label-only row inside the ruled grid
    ]
    for r, values in enumerate(rows, 4):
        for c, value in enumerate(values, 1):
            cell = ws.cell(r, c, value)
            cell.border = BOX
    ws.merge_cells("A4:B4")
    ws.merge_cells("C4:C5")
    ws.merge_cells("D4:E4")
    ws["C6"].number_format = ws["D6"].number_format = "#,##0.00"
    ws["E6"].number_format = "0.00%"
    ws["A8"] = "仅供内部审核"  # a watermark line
    ws["A9"] = "注：本表反映部门本年度支出情况。"
    ws["A11"] = "统计项目"
    ws["B11"] = "数量"
    ws["A12"] = "车辆"  # a label-only row between two table rows, no borders anywhere
    ws["A13"] = "公务用车保有量（辆）"
    ws["B13"] = 3
    ws["A14"] = "公开时间"
    ws["B14"] = dt.date(2025, 9, 30)
    return book


def test_xlsx_rows_become_lines(tmp_path):
    source = read_document(_save(_report_workbook(), tmp_path / "report.xlsx"))
    assert source.source_format == "xlsx"
    lines = [(line.number, line.page, line.cells) for line in source.lines]
    assert lines == [
        (1, 1, ("2024年度某某市社会保险事业服务中心决算公开",)),
        (3, 1, ("第一部分 单位概况",)),
        (4, 2, ("支出决算表",)),
        (5, 2, ("公开03表",)),
        (6, 2, ("金额单位:万元",)),
        (7, 2, ("项目", "", "本年支出合计", "其中", "")),  # merged header: value top-left, the rest empty
        (8, 2, ("科目代码", "科目名称", "", "基本支出", "执行率")),
        (9, 2, ("208", "社会保障和就业支出", "1,378.36", "1,203.00", "99.98%")),
        (10, 2, ("合 计", "", "", "", "")),
        (12, 2, ("注:本表反映部门本年度支出情况。",)),
        (14, 2, ("统计项目", "数量")),
        (15, 2, ("车辆", "")),
        (16, 2, ("公务用车保有量(辆)", "3")),
        (17, 2, ("公开时间", "2025-09-30")),
    ]
    row = source.lines[7]
    assert row.raw == "208\t社会保障和就业支出\t1,378.36\t1,203.00\t99.98%"
    assert [parse_amount(c) for c in row.cells[2:4]] == [Decimal("1378.36"), Decimal("1203.00")]


def test_cells_side_by_side_above_a_ruled_table_are_one_prose_line(tmp_path):
    book = Workbook()
    ws = book.active
    ws["A1"] = "收入支出决算总表"
    ws["A2"], ws["D2"] = "单位：包头市社会保险事业服务中心", "金额单位：万元"
    for c, value in enumerate(["项目", "行次", "金额", "备注"], 1):
        ws.cell(3, c, value).border = BOX
    ws.append(["本年收入合计", 27, 1529.48, None])  # a body row without borders is still a table row
    plain = book.create_sheet("无框线")
    plain.append(["单位：某某中心", None, "金额单位：万元"])  # no ruling anywhere: side by side is a row
    plain.append(["合计", None, 1.5])
    lines = read_document(_save(book, tmp_path / "preamble.xlsx")).lines
    assert [line.cells for line in lines] == [
        ("收入支出决算总表",),
        ("单位:包头市社会保险事业服务中心 金额单位:万元",),
        ("项目", "行次", "金额", "备注"),
        ("本年收入合计", "27", "1529.48", ""),
        ("单位:某某中心", "", "金额单位:万元"),
        ("合计", "", "1.5"),
    ]


def test_line_numbers_run_over_sheets_and_pages_are_sheets(tmp_path):
    book = Workbook()
    book.active.append(["第一页"])
    book.active.append(["第二行"])
    second = book.create_sheet("表2")
    second.append(["第二页"])
    source = read_document(_save(book, tmp_path / "two.xlsx"))
    assert [(l.number, l.page, l.text) for l in source.lines] == [(1, 1, "第一页"), (2, 1, "第二行"), (3, 2, "第二页")]


def test_hidden_sheets_rows_and_columns_are_not_read(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["科目名称", "旧数", "金额"])
    ws.append(["社会保障和就业支出", 9.99, 1.5])
    ws.append(["已隐藏的行", 9.99, 2.5])
    ws.column_dimensions["B"].hidden = True
    ws.row_dimensions[3].hidden = True
    old = book.create_sheet("旧版")
    old.append(["收入支出决算总表"])
    old.sheet_state = "hidden"
    shown = book.create_sheet("说明")
    shown.append(["注：隐藏的工作表不读。"])
    lines = read_document(_save(book, tmp_path / "hidden.xlsx")).lines
    assert [(line.page, line.cells) for line in lines] == [
        (1, ("科目名称", "金额")), (1, ("社会保障和就业支出", "1.5")), (3, ("注:隐藏的工作表不读。",))]


def _with_cached_value(path, formula: str, value: str):
    """openpyxl writes formulas without a saved value; add one, as Excel does when it saves."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode())
            dst.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    return path


def test_formulas_give_their_saved_values(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["合计", "=B2+B3"])
    ws.append(["基本支出", 1353.57])
    ws.append(["项目支出", 174.61])
    ws["B1"].number_format = "#,##0.00"
    path = _with_cached_value(_save(book, tmp_path / "formula.xlsx"), "B2+B3", "1528.1799999999998")
    assert read_document(path).lines[0].cells == ("合计", "1,528.18")


def test_formulas_without_saved_values_are_rejected(tmp_path):
    book = Workbook()
    book.active.append(["合计", "=B2+B3"])
    with pytest.raises(RejectedInput, match="formula cells have no saved value.*B1"):
        read_document(_save(book, tmp_path / "never-recalculated.xlsx"))


def test_a_formula_whose_saved_result_is_empty_text_is_not_missing(tmp_path):
    book = Workbook()
    book.active.append(["其他收入", '=IF(B2=0,"",B2)', 0])
    path = _save(book, tmp_path / "blank-formula.xlsx")
    buffer = io.BytesIO()  # as Excel saves it: t="str" and an empty value
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<c r="B1"><f>', b'<c r="B1" t="str"><f>').replace(b"</f><v />", b"</f><v></v>")
            dst.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    assert read_document(path).lines[0].cells == ("其他收入", "", "0")


def test_text_that_looks_like_a_formula_or_number_stays_text(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["运算符号", ">=", "00123"])
    source = read_document(_save(book, tmp_path / "text.xlsx"))
    assert source.lines[0].cells == ("运算符号", ">=", "00123")


# --- rejected files ------------------------------------------------------------------------------

def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_corrupt_xlsx_is_rejected_naming_the_file(tmp_path):
    good = _save(_report_workbook(), tmp_path / "good.xlsx").read_bytes()
    cut = tmp_path / "cut-off.xlsx"
    cut.write_bytes(good[: len(good) // 2])  # a download cut off: no central directory
    with pytest.raises(RejectedInput) as error:
        read_document(cut)
    assert error.value.path == str(cut) and "corrupt or truncated" in error.value.reason


def test_workbook_with_damaged_parts_is_rejected(tmp_path):
    path = _zip(tmp_path / "damaged.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"not xml"})
    with pytest.raises(RejectedInput, match="a corrupt XLSX workbook"):
        read_document(path)


@pytest.mark.parametrize(("members", "reason"), [
    ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}, "an OpenDocument file"),
    ({"report.txt": "收入支出决算总表".encode()}, "a ZIP archive that is not an XLSX workbook"),
])
def test_other_zip_files_are_rejected_clearly(tmp_path, members, reason):
    with pytest.raises(UnsupportedFormat, match=reason):
        read_document(_zip(tmp_path / "upload.xlsx", members))


def test_encrypted_office_file_is_rejected(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    with pytest.raises(UnsupportedFormat, match="encrypted"):
        read_document(path)


def test_damaged_ole_file_is_rejected(tmp_path):
    path = tmp_path / "damaged.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\x01" * 300)
    with pytest.raises(RejectedInput, match="XLS|OLE") as error:
        read_document(path)
    assert error.value.path == str(path)


# --- XLS -----------------------------------------------------------------------------------------

# A real BIFF8 workbook written by xlwt 1.3.0 (gzip + base64), made with:
#   cover = book.add_sheet("封面"); cover.write(0, 0, "2024年度某某市社会保险事业服务中心决算公开")
#   cover.write(2, 0, "第一部分 单位概况"); ws = book.add_sheet("支出决算表")
#   ws.write_merge(0, 0, 0, 4, "支出决算表"); ws.write(1, 0, "金额单位：万元")
#   ws.write_merge(2, 2, 0, 1, "项目", thin); ws.write_merge(2, 3, 2, 2, "本年支出合计", thin)
#   ws.write_merge(2, 2, 3, 4, "其中", thin); row 3: 科目代码 科目名称 · 基本支出 执行率 (thin borders)
#   row 4: "208", 社会保障和就业支出, 1378.36 and 1203.0000000000002 ("#,##0.00"), 0.9998 ("0.00%")
#   row 5: "合 计" and four empty bordered cells; row 7: 公开时间, date(2025, 9, 30) ("YYYY-MM-DD")
XLS_SAMPLE = """
H4sICJ4+BGsCA3NhbXBsZS54bHMA7VhdaFRHFP5m7r37E7Ob3RgVtyCLUK02oZr64EPNxtbWl+bGjRF/CElNXbZBiSUNoatQrTYo
pAVtqdpiHxZsoT7YiviHRVr60gfFpD4IBSGpFAottgVbimhuzzl3Nq7pLRhoA9Y9lzn3zPmbM2fOzNzd4SvJ0eLJ1BgmQRMsjHtR
hMp4ilq01EmA5J7HZOkdoeZV4KGCaIQWMuTgQuxSmNeQ13sMGp/bXxEGvqfWgVfhbu/NpacRnpUYNiuOYYWyqfY0jlKLY67EVSv4
ZcEzBX8mul8IbhbOO4JXkO6o2oQrGXfxclPHG/R8kcUJK5wVm++EsxSz8A3X8a4Dytd1sLKvZ/O2R1cwz67GMVB1rM715vq4X4OP
UQVsJGhoaWlYtWoUdVQ5x/C7lwZulY6IL9MV/vTyFYj/5/388D/wIxP8ZLI53Zwu8aOwA/lV9ATxZ1AxTPb/nraB3fBeUry/BlGN
foclWqmO7sODtCN/lovFUU/lbmdPZQ/vfGX/HTpraojHbQ5UI5agEcvQ3/lJ53B+OK87mwqp1uutPYeG3JQbyxfbGtyvu9h0WxZd
Uaj6nXB/PBBqS2Pd2pbWPT2nsw7K3IehRg5+dIRlKS/sPpelyApHbg6EyDLf38mKkfbiEHEHsg0upWCkcHPghqteN2Ss/dcCkbfX
1+dZ14LKd7+4f99rFtC4ZDmN74d39NDb7Us7Uq7RibSnURwiOw7yj9yt96v4DpUzN3HfmRuTk6ia8BbKANNJOY8StE53Pv3t25bu
NZku4eyWe9a/jR/nPMPDm2xBxnGRWBPyxWLxpOA94vUxoVOC62iH03vBmlmGeGGv6Lwl0gU0ztMCVzMLy+gniB78KXtu3uCNzCKi
T6we21F34lqmiPlUO1vInp+9qFf16sMPGM5nSm9lzu3rguf+7QyP6ISJ3TOfHDW4y0cNQVIwa+gADS0aPOcmXYsz3KVb4B5MR959
ufMQ590JzDtrXERc5p40jy02KmAllNhYZWvlBKxVLWzxGpGZ11LzJZpozqDfs6gXmtCzxYq9WgFeLfEaNraWeI0YW0v8aiNhr9EJ
PfZaZaK1A/za4neG0bfFbzX13tDc05TBUz00AtWATd5myvxx6d1mn2PTaj/jjhzsGP8lwyM4ASM4MkLMZNmREfzHny3PSU+yCUuW
4yYOOtzo9j5+WeMHqgZb8mjJ2xJamz3jg+3vEQTtkQpUoAIVqMCjAUruFv+b0TZfL3zjhs3/OnepjVf+JvnfQhu209NPv9+eRy+9
+1CYUv3Mpt9wJV/qAW1K/xcyrKfR+7AV3RLH1inXL33VqfL5PLBh4t/bQlMdf3wqcf7H4/8F0I4HVgAWAAA=
"""


def test_xls_rows_become_lines(tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(gzip.decompress(base64.b64decode(XLS_SAMPLE)))
    source = read_document(path)
    assert source.source_format == "xls"
    assert [(line.number, line.page, line.cells) for line in source.lines] == [
        (1, 1, ("2024年度某某市社会保险事业服务中心决算公开",)),
        (3, 1, ("第一部分 单位概况",)),
        (4, 2, ("支出决算表",)),
        (5, 2, ("金额单位:万元",)),
        (6, 2, ("项目", "", "本年支出合计", "其中", "")),
        (7, 2, ("科目代码", "科目名称", "", "基本支出", "执行率")),
        (8, 2, ("208", "社会保障和就业支出", "1,378.36", "1,203.00", "99.98%")),
        (9, 2, ("合 计", "", "", "", "")),
        (11, 2, ("公开时间", "2025-09-30")),
    ]
