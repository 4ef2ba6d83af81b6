"""Tables whose rows are the department's units (a department budget's 收入总表/支出总表 by 单位):
`部门代码 | 部门名称 | 合计 | …`, `单位编码 | 单位名称 | …` or `单位名称 | 合计 | …`, with a 合计 row,
the department's own row and one row per unit.

How a row is keyed:
- 合计/总计: the table's total item, for the report's own unit and scope.
- the department's row: also the table's total for the report's own unit and scope. With codes it
  is the row whose code the other rows' codes extend (024 above 024001, 024002); without codes it is
  the first unit row when a later row prints its name again (湖州 p28 prints 湖州市卫生健康委员会
  twice: the department, 515,313.35 = 合计, then its 本级 unit, 7,121.29). The report's own unit
  name is not required to match (reports print 部门 names with and without 本级/部门 suffixes).
  A lone row with the department's name is its 本级 unit (广州 p8: 广州市统计局 6,748.28 of 9,483.72).
  When both a 合计 row and a department row are printed they state one number twice: the first is
  loaded, the second is compared (equal: an info finding; different: a warning with both numbers).
- every other row: a unit (Fact.unit_code / unit_name, scope unit), 024001 苏州市审计局 included —
  the department's 本级 unit keeps its own code and stays apart from the department by scope.
A row with amounts and no readable unit name (blank, or digits only) is a finding, never a unit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.header import Column, measure_of
from pipelines.normalize.layouts.coded import own_unit_name, single_measure
from pipelines.normalize.vocab import SUBTOTAL_WORDS, label_key
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

_CODE = re.compile(r"^\d{2,}$")


def is_unit_rows(columns: list[Column]) -> bool:
    """Rows keyed by unit only: a unit column and no classification code column (a table with both,
    `预算单位 | 科目编码 | 科目名称`, is a coded table whose unit column opens each unit's section)."""
    return any(c.role in ("unit_code", "unit_name") for c in columns) and not any(c.role == "code" for c in columns)



def _total_item(kind: str) -> str:
    return load_yaml("table_kinds.yaml")["kinds"][kind].get("total_item", "total")


def _readable_name(name: str) -> bool:
    return bool(name) and not re.fullmatch(r"[\d.\s]+", name)


def _continues_name(line: Line, previous: Line, code_col: int | None, name_col: int | None) -> bool:
    """A row printing only a name, first on its page, right below the last unit row of the page before:
    the rest of that unit's name cell, cut by the page break (湖州/杭州 收入预算总表: "杭州市综合交通运输研究" at
    the foot of p24, "中心" atop p25, zhejiang-hzjtj-2026-budget)."""
    return (name_col is not None and line.page > previous.page and not compact(cell(line, code_col))
            and bool(compact(cell(line, name_col))) and label_key(cell(line, name_col)) not in SUBTOTAL_WORDS)


def department_lines(rows: list[tuple[Line, str, str]]) -> set[int]:
    """Line numbers of the rows that are the department's own total (see the module docstring)."""
    codes = [code for _, code, _ in rows if code]
    by_code = {line.number for line, code, _ in rows
               if code and any(other != code and other.startswith(code) for other in codes)}
    if by_code or codes:
        return by_code
    # the department's row comes first, above its units; its name is printed again by its 本级 unit
    units = [(line, own_unit_name(name)) for line, _, name in rows if label_key(name) not in SUBTOTAL_WORDS]
    if not units:
        return set()
    first, name = units[0]
    return {first.number} if any(other == name for _, other in units[1:]) else set()


def normalize_unit_rows(builder: FactBuilder, columns: list[Column], data: list[Line]) -> None:
    """Each row is the table total, the department's own total, or one unit's figures."""
    kind, year = builder.table.kind, builder.meta.year
    code_col = next((c.index for c in columns if c.role == "unit_code"), None)
    name_col = next((c.index for c in columns if c.role == "unit_name"), None)
    values = [c for c in columns if c.role is None and c.texts]
    measures = {c.index: measure_of(c, year) if len(values) > 1 else single_measure(kind, None) for c in values}
    for column in values:
        if measures[column.index] is None:
            builder.finding("column_unmapped", "error", f"column {column.joined!r} has no measure code; its cells are not loaded")
    measures = _restated_columns(builder, values, measures, data)
    for measure in {m for m in measures.values() if m and list(measures.values()).count(m) > 1}:
        # two columns read as one measure (a 三公 table's 合计 under 2021年 and under 2022年): which is
        # which cannot be told, so neither is loaded rather than the first taken for the measure
        same = [c.joined for c in values if measures[c.index] == measure]
        builder.finding("column_ambiguous", "error", f"columns {same} all read as measure {measure!r}; "
                        "their cells are not loaded")
        measures = {i: (None if m == measure else m) for i, m in measures.items()}
    indexes = [c.index for c in values]
    rows = []
    for position, line in enumerate(data):
        if builder.has_value(line, indexes):
            code, name = compact(cell(line, code_col)), compact(cell(line, name_col))
            if code and not _CODE.match(code) and not name:  # "合计" printed in the code column
                code, name = "", code
            rows.append((line, code, name))
        elif rows and rows[-1][0] is data[position - 1] and _continues_name(line, rows[-1][0], code_col, name_col) \
                and compact(cell(line, name_col)) not in {compact(t) for c in columns for t in c.texts}:  # no repeated header
            previous, code, name = rows[-1]
            rows[-1] = (previous, code, name + compact(cell(line, name_col)))
    department = department_lines(rows)
    total_item = _total_item(kind)
    totals: dict[int, tuple[Decimal, Line]] = {}  # value column → first total read
    for line, code, name in rows:
        is_total = label_key(name) in SUBTOTAL_WORDS or (not code and label_key(name) in SUBTOTAL_WORDS)
        if is_total or line.number in department:
            _emit_total(builder, line, measures, totals, total_item, name or code)
            continue
        if not _readable_name(name):
            builder.finding("unit_unnamed", "error", f"a row of unit figures without a readable unit name "
                            f"(code {code or 'none'}, name {name or 'blank'}); not loaded", line, name or code)
            continue
        for index, measure in measures.items():
            if measure:
                builder.emit(line, index, measure, item=total_item, unit=(code or None, name), label=name)


def _restated_columns(builder: FactBuilder, values: list[Column], measures: dict, data: list[Line]) -> dict:
    """Columns read as one measure that print the same number on every row (西安 收入总表 总计 | 部门预算 合计,
    3,695.91 twice): one figure printed twice, loaded from the first column; the others are an info finding."""
    for measure in {m for m in measures.values() if m and list(measures.values()).count(m) > 1}:
        same = [c for c in values if measures[c.index] == measure]
        rows = [[parse_amount(cell(line, c.index)) for c in same] for line in data]
        rows = [row for row in rows if any(a is not None for a in row)]
        if rows and all(len(set(row)) == 1 for row in rows):
            restated = sum(1 for row in rows for amount in row[1:] if amount is not None)  # cells accounted for
            builder.finding("column_restated", "info", f"columns {[c.joined for c in same]} print the same {measure!r} "
                            "on every row; loaded once, from the first", observed=str(restated))
            measures = {i: (None if m == measure and i != same[0].index else m) for i, m in measures.items()}
    return measures


def _emit_total(builder: FactBuilder, line: Line, measures: dict, totals: dict, item: str, label: str) -> None:
    """The table's total from a 合计 row or the department's row; the second of the two is compared."""
    same, different = [], []
    for index, measure in measures.items():
        amount = parse_amount(cell(line, index))
        if not measure or amount is None:
            continue
        if index not in totals:
            totals[index] = (amount, line)
            builder.emit(line, index, measure, item=item, label=label)
        elif amount == totals[index][0]:
            same.append(measure)
        else:
            different.append(f"{measure} {amount} ≠ {totals[index][0]}")
    first = next(iter(totals.values()))[1].number if totals else None
    if same:
        builder.finding("total_restated", "info", f"{label!r} restates the table total of line {first} "
                        f"({', '.join(same)}); loaded once", line, label, observed=str(len(same)))
    if different:
        builder.finding("total_mismatch", "warning", f"{label!r} differs from the table total of line {first}: "
                        f"{'; '.join(different)}; the first printed is loaded", line, label, observed="; ".join(different))
