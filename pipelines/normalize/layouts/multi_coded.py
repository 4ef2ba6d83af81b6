"""Tables that key each row by several classifications at once, one code column each.

Beijing's 预算03表 支出总表 prints one row per combination of 支出功能分类 × 政府支出经济分类 × 部门支出经济分类
("2050803-培训支出 | 50203-培训费 | 30216-培训费 | 103.575000 | …"), its 预算06表 政府 × 部门 经济分类. Two rows may
share the function and the 部门 code under different 政府 codes: each is its own fact, keyed by all its
codes. Which column holds which classification comes from its header words (measures.yaml
roles.code_system), never from its position.
"""

from __future__ import annotations

from dataclasses import replace

from pipelines.model import Line
from pipelines.normalize.amounts import split_code
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.code_trail import CodeTrail
from pipelines.normalize.codes import codebook
from pipelines.normalize.header import Column, measure_of, theme_totals
from pipelines.normalize.layouts.coded import _is_total, _resolve, _total_item
from pipelines.normalize.vocab import code_system, unit_row


def code_systems(columns: list[Column]) -> dict[int, str] | None:
    """{column index: system} when a table has two code columns or more, each naming a different
    classification; None otherwise (side-by-side groups repeat one system: layouts.coded.normalize_grouped)."""
    coded = [c for c in columns if c.role == "code"]
    systems = {c.index: code_system(c.joined) for c in coded}
    if len(coded) < 2 or None in systems.values() or len(set(systems.values())) != len(systems):
        return None
    return systems


def normalize_multi_coded(builder: FactBuilder, columns: list[Column], data: list[Line], systems: dict[int, str]) -> None:
    """Each row: one code per classification column, the measures of the value columns."""
    values = [c for c in columns if c.role is None and c.texts]
    measures = theme_totals(values, {c.index: measure_of(c, builder.meta.year) for c in values}, builder.meta.year)
    for column in values:
        if measures[column.index] is None:
            builder.finding("column_unmapped", "error", f"column {column.joined!r} has no measure code; its cells are not loaded")
    indexes = [c.index for c in values]
    trails = {index: CodeTrail(codebook(system)) for index, system in systems.items()}
    unit = None
    for line in data:
        section = _unit_section(line, columns, systems)
        if section:  # "125001 | 西安市安全生产监督管理局 | | | 2,080.32": the unit's rows follow, its total first
            unit, trails = section, {index: CodeTrail(codebook(system)) for index, system in systems.items()}
            for column in values:
                if measures[column.index]:
                    builder.emit(line, column.index, measures[column.index], label=section[1], unit=unit,
                                 item=_total_item(builder.table.kind))
            continue
        shift = _shift(line, systems)
        if shift is None:
            builder.finding("code_misplaced", "error", "no reading of the row puts each classification's code under its "
                            "column; the row is not loaded", line, " | ".join(c for c in line.cells if c))
            continue
        line = _shifted(line, shift)
        if not builder.has_value(line, indexes):
            continue
        printed = {index: cell(line, index) for index in systems}
        label = " | ".join(text for text in printed.values() if text)
        # 合计 under a code column (Beijing) or under a name column ("| | | 合计 |", 西安 表6)
        if any(_is_total(text) for text in line.cells) and not any(split_code(t)[0] for t in printed.values()):
            target = {"item": _total_item(builder.table.kind)}
        else:
            target = _row_codes(builder, line, systems, trails, printed)
            if target is None:
                continue
        for column in values:
            if measures[column.index]:
                builder.emit(line, column.index, measures[column.index], label=label, unit=unit, **target)


def _unit_section(line: Line, columns: list[Column], systems: dict[int, str]) -> tuple[str, str] | None:
    """(unit code, unit name) of a row that opens a unit's section: a six-digit unit code under the first
    code column with the unit's name beside it and no other code (no classification has 6-digit codes)."""
    first = min(systems)
    code, rest = split_code(cell(line, first))
    if code is None or len(code) != 6 or any(split_code(cell(line, i))[0] for i in systems if i != first):
        return None
    name = rest or next((cell(line, c.index) for c in columns[first + 1:] if c.role == "name" and cell(line, c.index)), "")
    return unit_row(f"{code}-{name}") if name else None


def _in_system(text: str, system: str) -> bool:
    """A cell printing a code of this classification (its 类 is in the system's list: 2xx 功能, 3xx 部门经济,
    5xx 政府经济)."""
    code = split_code(text)[0]
    return code is not None and codebook(system).get(code[:3]) is not None


def _shift(line: Line, systems: dict[int, str]) -> int | None:
    """How many cells this row sits off the header's columns: 0 when every code cell is under its column;
    a reader that dropped an empty edge column on a later page (beijing-jxj p4 against p3) moves the whole
    row by one. None: no offset puts the row's codes under their columns."""
    for shift in (0, -1, 1, -2, 2):
        cells = {index: cell(line, index + shift) if index + shift >= 0 else "" for index in systems}
        codes = [_in_system(text, systems[index]) for index, text in cells.items() if split_code(text)[0]]
        if shift == 0 and not codes:
            return 0  # no code printed under the code columns (合计, a label): read as it stands
        if codes and all(codes):
            return shift
    return None


def _shifted(line: Line, shift: int) -> Line:
    if shift == 0:
        return line
    cells = line.cells[shift:] if shift > 0 else ("",) * -shift + line.cells  # cell i is read at i + shift
    return replace(line, cells=cells)


def _row_codes(builder: FactBuilder, line: Line, systems: dict[int, str], trails: dict[int, CodeTrail],
               printed: dict[int, str]) -> dict[str, str] | None:
    """{func_code: …, econ_code: …, gov_econ_code: …} of a row; None when a printed code cannot be
    placed (its finding is recorded): the row's facts would lose a key and collide with their neighbours."""
    target: dict[str, str] = {}
    for index, system in systems.items():
        if not printed[index]:
            continue
        code, _ = _resolve(builder, system, line, trails[index], [printed[index]], "")
        if code is None:
            return None
        target[f"{system}_code"] = code
    return target or None
