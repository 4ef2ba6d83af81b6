"""The borderless-table reader on hand-placed words: the layouts seen in real 预决算 PDFs.

Each case places words as a PDF printer would (CJK 9 pt wide, digits 5 pt, y grows upwards) and
checks the rows rebuilt; the rendered samples are covered in test_pdf.py.
"""

from __future__ import annotations

import random

from pipelines.read.borderless import BorderlessReader, TextLine, Word, text_lines

SIZE = 9.0


def word(text: str, left: float, y: float) -> Word:
    width = sum(5.0 if ch.isascii() else SIZE for ch in text)
    return Word(text, left, left + width, y - SIZE / 2, y + SIZE / 2, SIZE)


def chars(text: str, left: float, y: float) -> list[Word]:
    out, x = [], left
    for ch in text:
        w = word(ch, x, y)
        out.append(w)
        x = w.right
    return out


def table(*placed: tuple[str, float, float]) -> list[list[str]]:
    reader = BorderlessReader()
    lines = text_lines([c for text, left, y in placed for c in chars(text, left, y)],
                       reader.settings.line_tolerance, reader.settings.word_gap)
    for line in lines:
        anchors = [w for w in line.words if reader.is_anchor(w, None)]
        line.kind = "anchor" if anchors else "text"
        line.decimal = any("." in w.text for w in anchors)
        line.anchors = len(anchors)
    region = reader._table(lines)
    assert region is not None
    return region.rows


def test_characters_drawn_in_any_order_make_the_same_words():
    placed = chars("社会保险经办机构", 100, 500) + chars("5.36", 300, 500) + chars("合计", 100, 520)
    shuffled = placed[:]
    random.Random(7).shuffle(shuffled)
    lines = text_lines(shuffled, 0.35, 0.5)
    assert [[w.text for w in line.words] for line in lines] == [["合计"], ["社会保险经办机构", "5.36"]]


def test_a_one_character_sliver_does_not_split_a_word():
    # pdfium gives "一" a box 1 pt high; the line's median size decides the gaps
    placed = chars("本年", 100, 500) + [Word("一", 118.5, 127.5, 499.5, 500.5, 1.0)] + chars("般公共", 127.5, 500)
    assert [w.text for w in text_lines(placed, 0.35, 0.5)[0].words] == ["本年一般公共"]


def test_columns_come_from_the_body_and_empty_columns_from_their_header():
    rows = table(
        ("项目", 100, 560), ("本年收入合计", 200, 560), ("上级补助收入", 290, 560), ("其他收入", 380, 560),
        ("合计", 100, 540), ("670.84", 240, 540), ("8.50", 400, 540),
        ("社会保险经办机构", 100, 525), ("5.36", 250, 525),
    )
    assert rows == [
        ["项目", "本年收入合计", "上级补助收入", "其他收入"],
        ["合计", "670.84", "", "8.50"],
        ["社会保险经办机构", "5.36", "", ""],
    ]


def test_a_group_label_is_placed_over_the_first_column_it_spans():
    # "本年支出" centred over 小计/基本支出/项目支出 (gpb_expenditure form), their own header cells
    # one line below, 科目名称 centred on both header lines; numbers right-aligned under them
    rows = table(
        ("本年支出", 262, 575),
        ("科目名称", 100, 567.5), ("小计", 200, 560), ("基本支出", 250, 560), ("项目支出", 320, 560),
        ("行政运行", 100, 540), ("947.66", 200, 540), ("943.16", 260, 540), ("4.50", 340, 540),
    )
    # 科目名称 spans both header rows: like a ruled table's merged cell it starts in the top one
    assert rows[0] == ["科目名称", "本年支出", "", ""]
    assert rows[1] == ["", "小计", "基本支出", "项目支出"]
    assert rows[2] == ["行政运行", "947.66", "943.16", "4.50"]


def test_a_label_wrapped_around_its_centred_numbers_joins_their_row():
    # a narrow label column: "401004-包头市技工教育发展促进中心" over five lines, numbers mid-row
    rows = table(
        ("单位名称", 100, 600), ("合计", 200, 600),
        ("401004-", 100, 580), ("包头市", 100, 570), ("技工教", 100, 560), ("1.33", 200, 555),
        ("育发展", 100, 550), ("促进中心", 100, 540),
        ("401006-", 100, 520), ("人事考试", 100, 510), ("4.22", 200, 505), ("中心", 100, 500),
    )
    assert rows[1:] == [["401004-包头市技工教育发展促进中心", "1.33"], ["401006-人事考试中心", "4.22"]]


def test_a_label_only_row_stays_a_row_and_a_top_aligned_wrap_continues_its_row():
    rows = table(
        ("项目", 100, 600), ("金额", 250, 600),
        ("机关事业单位基本养老保险缴费支", 100, 580), ("45.34", 250, 580), ("出", 100, 570),
        ("其中：", 100, 555),
        ("职业年金缴费支出", 100, 540), ("22.85", 250, 540),
    )
    assert rows[1:] == [["机关事业单位基本养老保险缴费支出", "45.34"], ["其中：", ""], ["职业年金缴费支出", "22.85"]]


def test_numbers_in_prose_are_not_cells():
    reader = BorderlessReader()
    amount, unit = word("1,527.08", 100, 500), word("万元", 142, 500)
    assert not reader.is_anchor(amount, unit)
    assert reader.is_anchor(amount, None)
    assert reader.is_anchor(word("—", 100, 500), None)  # a dash for "no value" is a cell
    line = TextLine([word("本年收入合计1,527.08万元，比上年增加40.18%。", 100, 500)], 500.0)
    assert reader.settings.boundary.search(line.text)


def test_a_line_under_a_label_that_left_room_in_its_cell_is_a_row_with_empty_cells():
    # 收支总表: "上年结转结余" printed without an amount under "本年收入合计", as far from it as from
    # the row below and within reach of both (13 pt rows); the label above is far shorter than its
    # column, so it cannot have wrapped
    rows = table(
        ("项目", 100, 600), ("金额", 250, 600),
        ("一、一般公共预算财政拨款收入", 100, 580), ("628.17", 250, 580),
        ("本年收入合计", 100, 567), ("643.27", 250, 567),
        ("上年结转结余", 100, 554),
        ("收入总计", 100, 541), ("643.27", 250, 541),
    )
    assert rows[2:] == [["本年收入合计", "643.27"], ["上年结转结余", ""], ["收入总计", "643.27"]]


def test_a_header_centred_far_right_of_short_labels_is_their_header():
    # 三公 item list: "项目" centred over a wide label cell whose labels are short; no other header
    # names the labels, so "项目" is theirs, not the header of a column the body leaves empty
    rows = table(
        ("项目", 180, 600), ("预算数", 381, 600), ("决算数", 488, 600),
        ("合计", 48, 580), ("12.52", 417, 580), ("10.83", 524, 580),
        ("1、因公出国(境)费", 48, 565), ("0.00", 422, 565), ("0.00", 529, 565),
    )
    assert rows == [["项目", "预算数", "决算数"], ["合计", "12.52", "10.83"], ["1、因公出国(境)费", "0.00", "0.00"]]
