"""How many amounts a located table prints: the denominator of coverage (facts / printed cells).

A printed amount is a cell that parses as a number, right of its row's first label (anywhere in a
row without one), in a column
that is not a column of codes or row numbers. Those two are told apart by column, not by cell,
because a code (30101) or a row number (12) is also a valid integer amount:
- a code column holds only classification codes: 3 to 7 digits starting 2, 3 or 5 (功能/部门经济/政府经济分类,
  truncated ones too), or the two-digit 款/项 parts of a split code ("01", and "99", "27" beside them);
- a row-number column (行次) holds integers rising down the page, none above three per table row
  (rows without a label print theirs left of the label, so the numbers seen can skip);
and a 栏次 row ("1 2 3 4" under the headers) counts up by one across.
The count is an estimate made without knowing what the normaliser understood; a table whose facts
outnumber it (a layout the heuristic misreads) counts its facts as printed (coverage never > 100 %).
"""

from __future__ import annotations

import re
from collections import defaultdict

from pipelines.model import LocatedTable
from pipelines.normalize.amounts import parse_amount
from pipelines.textnorm import compact

_CJK = re.compile(r"[\u3400-\u9fff]")
_CODE = re.compile(r"^(?:[235]\d{2,6}|0\d)$")
_INTEGER = re.compile(r"^\d+$")
_TWO_DIGITS = re.compile(r"^\d{2}$")


def _counts_up(values: list[str]) -> bool:
    """Integers counting up by one ("1 2 3", "27 28 29"): row or column numbers, not amounts."""
    if len(values) < 2 or not all(_INTEGER.match(v) for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _code_parts(values: list[str]) -> bool:
    """The 款/项 parts of split codes ("01", "27", "99"): two digits each, some with a leading zero (a count
    such as 数量 prints "2" or "10", never "02")."""
    return all(_TWO_DIGITS.match(v) for v in values) and any(v.startswith("0") for v in values)


def _row_numbers(values: list[str], ceiling: int) -> bool:
    if len(values) < 2 or not all(_INTEGER.match(v) for v in values):
        return False
    numbers = [int(v) for v in values]
    return all(a < b for a, b in zip(numbers, numbers[1:])) and numbers[-1] <= ceiling


def printed_amount_cells(table: LocatedTable) -> int:
    """Cells of the table that print an amount (see the module docstring)."""
    numeric: list[tuple[int, str]] = []  # (column, text) of the number cells right of a label
    for line in table.rows:
        cells = [compact(c) for c in line.cells]
        # no label at all: a row of amounts only (the wide 三公 form prints one such row per unit)
        first_label = next((i for i, c in enumerate(cells) if _CJK.search(c)), -1)
        row = [(i, c) for i, c in enumerate(cells) if i > first_label and c and not _CJK.search(c)
               and parse_amount(c) is not None]
        if _counts_up([c for _, c in row]) and len(row) == sum(1 for c in cells[first_label + 1:] if c and not _CJK.search(c)):
            continue  # a 栏次 row
        numeric += row
    by_column: dict[int, list[str]] = defaultdict(list)
    for column, text in numeric:
        by_column[column].append(text)
    excluded = {column for column, values in by_column.items()
                if all(_CODE.match(v) for v in values) or _code_parts(values) or _row_numbers(values, 3 * len(table.rows))}
    return sum(1 for column, _ in numeric if column not in excluded)


DERIVED = ("column_derived", "row_derived")  # findings whose `observed` is the count of derived cells


def derived_cells(result) -> int:
    """Cells the normaliser recognised as derived — columns 增减额 / 增减(%) and rows 增减变化 (深圳 三公 by
    year): differences of loaded figures (findings column_derived / row_derived with their count):
    printed, but no amounts to load, so no gap."""
    return sum(int(f.observed) for f in result.findings if f.check in DERIVED and (f.observed or "").isdigit())


# findings of a figure printed again under a key already loaded, with the same value (checked equal): the cell
# is accounted for, not a gap; `observed` counts the cells (value_restated: one cell, its printed value)
RESTATED = ("value_restated", "total_restated", "column_restated")


def restated_cells(result) -> int:
    """Cells that restate a loaded figure (same key, same value: a 合计 repeated in each expenditure pair of a
    收支总表, the department's row under the 合计 it equals, a 部门预算 合计 column beside an equal 总计)."""
    return sum(1 if f.check == "value_restated" else int(f.observed) for f in result.findings
               if f.check in RESTATED and (f.check == "value_restated" or (f.observed or "").isdigit()))


def amount_cells_to_load(result) -> int:
    """The printed amount cells of a TableResult with rows that should become facts: less the derived and
    the restated ones (accounted for without a fact of their own)."""
    return printed_amount_cells(result.table) - derived_cells(result) - restated_cells(result)


def table_amount_cells(result) -> int | None:
    """A TableResult's printed amount cells: counted at extraction (quality.amount_cells) when its rows
    were dropped since, else counted now; None for a table not read (绩效 tables) or without rows."""
    if result.layout == "not_extracted":
        return None
    if result.quality is not None and result.quality.amount_cells is not None:
        return result.quality.amount_cells
    return amount_cells_to_load(result) if result.table.rows else None


def report_coverage(tables) -> tuple[int, int]:
    """(printed amount cells, facts loaded from them) over a report's TableResults whose count is known."""
    printed = facts = 0
    for result in tables:
        cells = table_amount_cells(result)
        if cells is not None:
            printed += max(cells, len(result.facts))
            facts += len(result.facts)
    return printed, facts
