"""The builder's guard on OCR'd money: an amount that lost its decimal point is refused, not loaded."""

import pytest

from pipelines.model import Line, LocatedTable, ReportMeta
from pipelines.normalize.builder import FactBuilder

META = ReportMeta("海东市社会保险服务局", None, "海东市", 2024, "final", "unit", "wan_yuan")


def build(printed: str, engine: str) -> FactBuilder:
    line = Line(number=7, page=5, raw=f"2080502\t事业单位离退休\t{printed}", cells=("2080502", "事业单位离退休", printed),
                engine=engine)
    table = LocatedTable("expenditure", "支出决算表", 1, "03", "wan_yuan", (line,), (), False)
    builder = FactBuilder(table, META)
    builder.emit(line, 2, "total", func_code="2080502")
    return builder


@pytest.mark.parametrize("printed", ["17.23", "8.5", "1,378.30", "2"])
def test_ocr_money_with_decimals_or_one_digit_is_loaded(printed):
    # "2": 公开07表 30203 咨询费 is printed as an integer; one digit cannot have lost a decimal point
    builder = build(printed, "ocr-tesseract")
    assert [f.source_text for f in builder.facts] == [printed] and not builder.findings


@pytest.mark.parametrize("printed", ["1723", "85", "17323"])
def test_ocr_money_that_may_have_lost_its_point_is_refused(printed):
    builder = build(printed, "ocr-tesseract")
    assert not builder.facts
    assert [(f.check, f.severity) for f in builder.findings] == [("ocr_unreadable", "error")]


def test_text_reports_print_integers_as_they_are():
    assert [f.amount for f in build("1723", "text").facts] == [1723]
