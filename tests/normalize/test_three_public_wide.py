"""The wide 三公 form's part order, read from a header an OCR pass damaged (haidong 公开09表 scan)."""

from pipelines.model import Line
from pipelines.normalize.layouts.three_public_wide import _part_of, _spec, part_sequence

FULL = ["three_public_total", "outbound_travel", "official_vehicles", "vehicle_purchase", "vehicle_operation",
        "official_reception"]


def header(*rows: tuple[str, ...]) -> list[Line]:
    return [Line(number=i + 1, page=13, raw="\t".join(row), cells=row, engine="ocr-tesseract")
            for i, row in enumerate(rows)]


GROUPS = ("预算数", "", "", "", "", "", "决算数", "", "", "", "", "")
SUBS = ("", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "")


def test_the_fullest_group_gives_the_order_when_one_group_lost_a_part():
    # Tesseract read 预算数's "因公出国(境)费用" as "FAH (i)费用" and 决算数's as "因公出国(i)费用"
    parts = ("合计", "FAH (i)费用", "公务用车购置及运行维护费", "", "", "公务接待费",
             "合计", "因公出国(i)费用", "公务用车购置及运行维护费", "", "", "公务接待费")
    assert part_sequence(header(GROUPS, parts, SUBS)) == FULL


def test_a_clean_header_reads_the_same():
    parts = ("合计", "因公出国(境)费用", "公务用车购置及运行维护费", "", "", "公务接待费") * 2
    assert part_sequence(header(GROUPS, parts, SUBS)) == FULL


def test_only_a_clearly_closest_label_matches_fuzzily():
    parts = _spec()["parts"]
    assert _part_of("因公出国(i)费用", parts)["item"] == "outbound_travel"
    assert _part_of("FAH (i)费用", parts) is None
    assert _part_of("因公出国〈境)团组数(1)", parts) is None  # a statistics row, not a part
    assert _part_of("小计", parts) is None  # too short to guess: sub-parts are matched exactly
