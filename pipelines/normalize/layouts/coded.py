"""Tables whose rows carry a classification code: one (code, name) pair per row, or 3–4 side-by-side
(code, name, amount) groups as the 06/07 economic tables are printed."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount, split_code
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.code_trail import CodeTrail
from pipelines.normalize.codes import codebook
from pipelines.normalize.header import Column, code_part_columns, is_derived, measure_of, theme_totals
from pipelines.normalize.layouts.anonymous_blocks import anonymous_blocks, block_label
from pipelines.normalize.vocab import SUBTOTAL_WORDS, item_for, label_key, measure_for, unit_row
from pipelines.reference import load_csv, load_yaml
from pipelines.textnorm import compact


@lru_cache(maxsize=1)
def _basic_split() -> dict[str, str]:
    return {row["econ_class"]: row["measure"] for row in load_csv("basic_split.csv")}


_CJK = re.compile(r"[\u3400-\u9fff]")
_OWN_UNIT_SUFFIX = re.compile(r"[(（]本级[)）]$")


def own_unit_name(name: str) -> str:
    """A unit's name without the "(本级)" a department prints after its own unit."""
    return _OWN_UNIT_SUFFIX.sub("", compact(name))


def section_unit(name: str, report_unit: str | None) -> tuple[str | None, str] | None:
    """The unit a coded table's unit-column row opens: None (the report's own figures) when it prints
    the report's unit ("深圳市财政局(本级)" in 深圳市财政局's report), else that unit."""
    return None if own_unit_name(name) == own_unit_name(report_unit or "") else (None, compact(name))


def _total_item(kind: str) -> str:
    return load_yaml("table_kinds.yaml")["kinds"][kind].get("total_item", "total")


def single_measure(kind: str, econ_code: str | None) -> str:
    """Measure of a table's only value column; 06 amounts split into 人员经费/公用经费 by class."""
    if kind == "gpb_basic_expenditure" and econ_code:
        return _basic_split().get(econ_code[:3], "amount")
    return "amount"


def _resolve(builder: FactBuilder, system: str, line: Line, trail: CodeTrail, code_cells: list[str], name: str):
    """(code, name) of a row from its code cells (one, or split 类 | 款 | 项) and name, with the rows above."""
    if len(code_cells) > 1:
        code, rest = trail.compose(code_cells)
        if code is None:
            builder.finding("code_unreadable", "error", f"{rest}; the row is not loaded", line, name or " | ".join(code_cells))
            return None, name
    else:
        code, rest = split_code(code_cells[0])
    name = name or rest
    book = codebook(system)
    resolution = book.resolve(code, name) if code else trail.resolve_name(name)
    if resolution.code is None:
        builder.finding("code_unrepairable", "error", f"{resolution.detail}; not loaded as a coded fact", line,
                        name or " | ".join(code_cells))
    elif resolution.how != "printed":
        builder.finding(f"code_{resolution.how}", "info", resolution.detail, line, name)
    elif book.get(resolution.code) is None:
        builder.finding("code_not_in_dictionary", "warning",
                        f"{system} code {resolution.code} ({name}) is not in the dictionary; kept as printed", line, name)
    trail.note(resolution.code)
    return resolution.code, name


def _unnamed_next(columns: list[Column], index: int) -> int | None:
    """The column after the code read as the name column when no header names one, unless it is a
    value column (the code cells then print the name themselves: "[201]一般公共服务支出")."""
    if index >= len(columns) or (columns[index].role is None and columns[index].texts):
        return None
    return index


def _is_total(text: str) -> bool:
    return label_key(text) in SUBTOTAL_WORDS


def _repeated_codes(data: list[Line], code_cols: list[int], name_col: int | None, indexes: list[int],
                    unit_col: int | None) -> dict:
    """{(section, code): lines} of whole codes printed on two rows or more of one unit section with
    different amounts (Beijing 预算05表 p9 prints 2010601 行政运行 for two units with no unit column)."""
    rows: dict[tuple[int, str], list[Line]] = {}
    section = 0
    for line in data:
        if len(code_cols) > 1 and any(cell(line, i) for i in code_cols[1:]):
            continue
        code = split_code(cell(line, code_cols[0]))[0]
        if cell(line, unit_col) and not code or code and len(code) == 6 and unit_row(f"{code}-{cell(line, name_col)}"):
            section += 1
        elif code:
            rows.setdefault((section, code), []).append(line)
    return {key: lines for key, lines in rows.items()
            if len({tuple(compact(cell(line, i)) for i in indexes) for line in lines}) > 1}


def _blocks(builder: FactBuilder, data: list[Line], code_cols: list[int], name_col: int | None, unit_col: int | None,
            system: str) -> dict[int, int] | None:
    """{line number: block} of a table printed as anonymous blocks (layouts/anonymous_blocks.py), with an info
    finding saying how many; None for a table naming its units (a unit column, "125001 | 某单位" rows)."""
    named = unit_col is not None or any(
        (code := split_code(cell(line, code_cols[0]))[0]) and len(code) == 6 and unit_row(f"{code}-{cell(line, name_col)}")
        for line in data)
    blocks = None if named else anonymous_blocks(data, code_cols)
    if blocks:
        count = max(blocks.values())
        builder.finding("blocks_by_position", "info", f"{count} anonymous blocks: the {system} code order starts again "
                        f"{count - 1}× and no unit is named; each row keyed by its block's position "
                        f"({block_label(1)} … {block_label(count)}), unit = the report's", observed=str(count))
    return blocks


def _theme_total(kind: str, column: Column) -> str | None:
    """total for a column headed by the table's own subject (高校 财政拨款支出预算表: "财政拨款支出 | 基本支出 |
    项目支出", chongqing-swu-2023-budget p20): table_kinds.yaml total_headers."""
    headers = {compact(h) for h in load_yaml("table_kinds.yaml")["kinds"][kind].get("total_headers", ())}
    return "total" if compact(column.joined) in headers else None


def unmapped_findings(builder: FactBuilder, unmapped: list[Column], data: list[Line]) -> None:
    """A finding per value column without a measure: a gap (error), or a derived column (增减额, 增减(%):
    differences of loaded columns, info) with the count of the cells it prints."""
    for column in unmapped:
        if is_derived(column):
            printed = sum(parse_amount(cell(line, column.index)) is not None for line in data)
            builder.finding("column_derived", "info", f"column {column.joined!r} prints differences or rates of other "
                            "columns: not loaded", observed=str(printed))
        else:
            builder.finding("column_unmapped", "error", f"column {column.joined!r} has no measure code; its cells are not loaded")


def _realigned(line: Line, name_col: int | None, width: int) -> Line:
    """A row printed with fewer cells than the header, its name left of the name column: the split
    code columns (类 | 款 | 项) collapsed into one on a continuation page ("2060201 | 机构运行 | 828.72 …" under
    "科目编码 | | | 科目名称 | 合计 …", chongqing-swu-2023-final p15). Its cells move under the header's
    columns by the cells it lacks; other rows stand as printed."""
    if name_col is None or len(line.cells) >= width:
        return line
    name = next((i for i, c in enumerate(line.cells) if _CJK.search(c)), None)
    gap = name_col - name if name is not None else 0
    if gap <= 0 or len(line.cells) + gap > width:
        return line
    return replace(line, cells=line.cells[:name] + ("",) * gap + line.cells[name:])


def normalize_coded(builder: FactBuilder, columns: list[Column], data: list[Line], system: str) -> None:
    """One code column: each row is a classification code with its measures."""
    code_col = next(c.index for c in columns if c.role == "code")
    code_cols = code_part_columns(columns, code_col)
    name_col = next((c.index for c in columns if c.role == "name"), _unnamed_next(columns, code_cols[-1] + 1))
    trail = CodeTrail(codebook(system))
    values = [c for c in columns if c.role is None and c.texts]
    year = builder.meta.year
    kind = builder.table.kind
    measures = theme_totals(values, {c.index: measure_of(c, year) or _theme_total(kind, c) for c in values}, year)
    unmapped_findings(builder, [c for c in values if measures[c.index] is None] if len(values) > 1 else [], data)
    unit_col = next((c.index for c in columns if c.role == "unit_name"), None)
    unit, section = None, 0
    indexes = [c.index for c in values]
    repeated = _repeated_codes(data, code_cols, name_col, indexes, unit_col)
    blocks = _blocks(builder, data, code_cols, name_col, unit_col, system)
    repeated = {} if blocks else repeated
    for key, lines in repeated.items():
        # Neither row is the table's value for the code (each is some unnamed part of it): loading the
        # first would state one part as the whole. Both stay visible here, with their lines.
        amounts = " / ".join(cell(line, indexes[0]) or "blank" for line in lines)
        builder.finding("code_repeated", "error", f"{system} code {key[1]} is printed on {len(lines)} rows (lines "
                        f"{', '.join(str(line.number) for line in lines)}) with different amounts ({amounts}) and no "
                        "unit column tells them apart; none is loaded", lines[0], cell(lines[0], name_col) or key[1],
                        observed=amounts)
    for line in data:
        line = _realigned(line, name_col, len(columns))
        if not builder.has_value(line, indexes):
            continue
        code_cells = [cell(line, i) for i in code_cols]
        code_text, name = " ".join(c for c in code_cells if c), cell(line, name_col)
        first = code_text or name
        printed = None if any(code_cells[1:]) else split_code(code_cells[0])[0]
        row_unit = unit_row(f"{code_text}-{name}" if name else code_text) if printed and len(printed) == 6 else None
        if cell(line, unit_col) and not code_text:  # "深圳市财政局(本级) | | | 37,385.88": a unit's section
            unit, trail = section_unit(cell(line, unit_col), builder.meta.unit_name), CodeTrail(codebook(system))
            target, name = {"item": _total_item(kind)}, cell(line, unit_col)
        elif row_unit:  # "125001 | 西安市安全生产监督管理局": the unit's section starts, with its totals
            unit, trail, section = row_unit, CodeTrail(codebook(system)), section + 1
            target = {"item": _total_item(kind)}
        elif _is_total(first) or (not split_code(code_text)[0] and _is_total(name)):
            target = {"item": _total_item(kind)}
        elif printed and (section, printed) in repeated:
            continue
        else:
            code, name = _resolve(builder, system, line, trail, code_cells, name)
            if code is None:
                continue
            target = {f"{system}_code": code}
        block = block_label(blocks[line.number]) if blocks and line.number in blocks and "item" not in target else None
        for column in values:
            measure = measures[column.index] if len(values) > 1 else single_measure(kind, target.get("econ_code"))
            if measure:
                builder.emit(line, column.index, measure, label=name or code_text, unit=unit, line_label=block, **target)


def normalize_grouped(builder: FactBuilder, columns: list[Column], data: list[Line], system: str) -> None:
    """Side-by-side (code, name, amount) groups; totals rows are read label → next amount."""
    groups = []
    code_cols = [c.index for c in columns if c.role == "code"]
    for position, code_col in enumerate(code_cols):
        limit = code_cols[position + 1] if position + 1 < len(code_cols) else len(columns)
        parts = code_part_columns(columns, code_col)
        name_col = next((c.index for c in columns[code_col:limit] if c.role == "name"), _unnamed_next(columns, parts[-1] + 1))
        value = next((c for c in columns[(parts[-1] if name_col is None else name_col) + 1:limit] if c.role is None), None)
        if value is not None:
            group_measure = next((measure_for(g) for g in value.groups if measure_for(g) in ("personnel", "public_use")), None)
            groups.append((parts, name_col, value.index, group_measure, CodeTrail(codebook(system))))
    kind = builder.table.kind
    for line in data:
        if _scan_totals(builder, line, kind):
            continue
        for parts, name_col, value_col, group_measure, trail in groups:
            if parse_amount(cell(line, value_col)) is None:
                continue
            code, name = _resolve(builder, system, line, trail, [cell(line, i) for i in parts], cell(line, name_col))
            if code is None:
                continue
            measure = single_measure(kind, code if system == "econ" else None)
            if group_measure and measure != group_measure:
                if measure != "amount":
                    builder.finding("basic_split_mismatch", "warning",
                                    f"{code} printed under the {group_measure} group, national split says {measure}", line, name)
                measure = group_measure
            builder.emit(line, value_col, measure, label=name, **{f"{system}_code": code})


def _scan_totals(builder: FactBuilder, line: Line, kind: str) -> bool:
    """Rows like "人员经费合计 ⇥⇥ 1,222.57 ⇥ 公用经费合计 ⇥⇥⇥ 129.90": each label takes the next amount."""
    labelled = [(i, item_for(c, kind)) for i, c in enumerate(line.cells) if c and parse_amount(c) is None]
    totals = [(i, spec) for i, spec in labelled if spec and spec.code in ("total", "personnel_total", "public_use_total")]
    if not totals or len(totals) != len(labelled):
        return False
    for position, (index, spec) in enumerate(totals):
        limit = totals[position + 1][0] if position + 1 < len(totals) else len(line.cells)
        value = next((i for i in range(index + 1, limit) if parse_amount(line.cells[i]) is not None), None)
        if value is None:
            continue
        measure = {"personnel_total": "personnel", "public_use_total": "public_use"}.get(spec.code, "amount")
        builder.emit(line, value, measure, item=spec.code if spec.code != "total" else _total_item(kind), label=line.cells[index])
    return True
