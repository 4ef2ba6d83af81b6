"""The 三公 table printed by part × fund source, one row per year (深圳 表9 财政拨款“三公”经费支出表):

    预算单位 | 年度 | 总计                     | 因公出国(境)费 | … | 公务用车购置及运行维护费
             |      |                          |                |   | 小计 | 公务用车购置费 | 公务用车运行维护费
             |      | 一般公共预算 | 政府性基金预算 | 国有资本经营预算 | …   (the three funds under every part)
    某某局(本级) | 2025年 | 59.66 | 0.00 | 0.00 | …
                 | 2026年 | 58.46 | …
                 | 增减变化金额 | -1.20 | …

Each value column's item is the lowest label above it that names a 三公 part (three_public.yaml; a 小计
is its group's part), its fund the measure its bottom cell names (gpb | gov_fund | soe_capital). Each
row's figure is named by its year label the way a wide 三公 group is ("2025年" in a 2026 budget is
prior_budget, "2026年" budget; no label: the report's stage), so a fact's measure is fund_figure
(gpb_prior_budget, gov_fund_budget …). A derived row (增减变化金额) is not loaded (an info finding),
like a derived column group. The unit column opens a unit's section: the report's own unit (with or
without 本级) keys the report's figures, another name keys that unit's.
"""

from __future__ import annotations

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.header import Column, build_columns
from pipelines.normalize.layouts.coded import section_unit
from pipelines.normalize.layouts.three_public_columns import _group_word, _part
from pipelines.normalize.vocab import SUBTOTAL_WORDS, label_key, measure_codes, measure_for
from pipelines.textnorm import compact

FUNDS = ("gpb", "gov_fund", "soe_capital")


def _column_item(column: Column) -> str | None:
    """The 三公 part of the lowest label above a fund column (a 小计 names no part: its group does)."""
    for text in reversed(column.above):
        part = _part(text)
        if part is not None:
            return part["item"]
    return None


def fund_columns(header: list[Line], width: int) -> dict[int, tuple[str, str]]:
    """{column: (item, fund)} for the value columns whose bottom header names a fund under a 三公 part."""
    found = {}
    for column in build_columns(header, width):
        fund = measure_for(column.bottom) if column.texts else None
        item = _column_item(column) if fund in FUNDS else None
        if item:
            found[column.index] = (item, fund)
    return found


def fits(header: list[Line], data: list[Line]) -> bool:
    """Three parts or more split by fund, and every column printing numbers is one of them or a
    label column (left of the first fund column)."""
    width = max((len(line.cells) for line in header + data), default=0)
    columns = fund_columns(header, width)
    if len({item for item, _ in columns.values()}) < 3:
        return False
    numeric = {i for line in data for i, c in enumerate(line.cells) if parse_amount(c) is not None}
    return numeric <= set(columns)


def _row_figure(label: str, year: int, stage: str) -> tuple[str | None] | None:
    """(figure,) a row's year label names, (None,) for a derived row, None for a label naming none."""
    if not label:
        return ("final" if stage == "final" else "budget",)
    return _group_word(label, year, stage)


def normalize_three_public_funds(builder: FactBuilder, header: list[Line], data: list[Line]) -> None:
    width = max((len(line.cells) for line in header + data), default=0)
    columns = fund_columns(header, width)
    unit_col = next((c.index for c in build_columns(header, width) if c.role == "unit_name"), None)
    first_value = min(columns)
    unit, derived = None, 0
    for line in data:
        if not builder.has_value(line, list(columns)):
            continue
        opened = compact(cell(line, unit_col)) if unit_col is not None else ""
        if opened:
            unit = None if label_key(opened) in SUBTOTAL_WORDS else section_unit(opened, builder.meta.unit_name)
        labels = [compact(c) for i, c in enumerate(line.cells[:first_value]) if i != unit_col and compact(c)]
        label = labels[0] if labels else ""
        figure = _row_figure(label, builder.meta.year, builder.meta.stage)
        if figure is None:
            builder.finding("row_unmapped", "error", f"a row of 三公 figures labelled {label!r}, which names no year "
                            "or figure; not loaded", line, label)
            continue
        if figure[0] is None:
            derived += sum(parse_amount(cell(line, index)) is not None for index in columns)
            continue
        for index, (item, fund) in columns.items():
            measure = f"{fund}_{figure[0]}"
            if measure not in measure_codes():
                builder.finding("column_unmapped", "error", f"{fund} × {figure[0]} has no measure code; "
                                "the row's cells are not loaded", line, label)
                break
            builder.emit(line, index, measure, item=item, unit=unit, label=opened or label)
    if derived:
        builder.finding("row_derived", "info", "a derived row (增减变化) is not loaded: its figures are "
                        "differences of the loaded rows", observed=str(derived))
