"""Split a table's rows into header and data, and describe each column from its header cells.

Header cells split over rows ("本年收入合" / "计") are joined per column; a group label over
several columns ("本年支出" over 小计/基本支出/项目支出) is carried right across its empty
cells. 栏次 rows (1, 2, 3 …) are recognised and never read as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount, split_code
from pipelines.normalize.vocab import (
    SUBTOTAL_WORDS, code_part_level, column_role, derived_header, header_text, is_caption, label_key, measure_codes,
    measure_for, measure_prefix, names_code, prior_year_variant, unit_column_role, unit_row,
)
from pipelines.textnorm import compact, strip_enumeration


_YEAR = re.compile(r"^((?:19|20)\d{2})年")


def is_numbering_row(cells: tuple[str, ...]) -> bool:
    """A 栏次 row: its numbers run 1, 2, 3 … (possibly with 栏次/行次 words)."""
    words = [compact(c) for c in cells if compact(c)]
    numbers = [w for w in words if w.isdigit()]
    others = [w for w in words if not w.isdigit()]
    if len(numbers) < 2 or any(o not in ("栏次", "行次", "项目栏次") for o in others):
        return False
    values = [int(n) for n in numbers]
    return all(b == a + 1 for a, b in zip(values, values[1:]))


def _lone_column_number(cells: tuple[str, ...]) -> bool:
    """The 栏次 row of a one-column table: a lone "1" under the header (zhejiang-huzwjw-2026 p44 表09 "** | ** | 1")."""
    return [compact(c) for c in cells if compact(c) and compact(c) != "**"] == ["1"]


def is_data_row(cells: tuple[str, ...]) -> bool:
    """Data starts at the first row with a number (not a 栏次 run), a code or a numbered label."""
    if is_numbering_row(cells):
        return False
    if any(parse_amount(c) is not None for c in cells):
        return True
    first = next((compact(c) for c in cells if compact(c)), "")
    if not first:
        return False
    return bool(split_code(first)[0] or unit_row(first) or strip_enumeration(first) != first)


def split_rows(rows: tuple[Line, ...], table_kind: str) -> tuple[list[Line], list[Line]]:
    """(header rows, data rows); repeated headers after a page break are dropped from data."""
    header: list[Line] = []
    index = 0
    while index < len(rows) and (not is_data_row(rows[index].cells) or (index and _lone_column_number(rows[index].cells))):
        header.append(rows[index])
        index += 1
    if index < len(rows) and (parts := _labels_beside_totals(rows[index])):
        header.append(parts[0])
        rows = rows[:index] + (parts[1],) + rows[index + 1:]
    header_keys = {compact("".join(r.cells)) for r in header}
    data = [
        row for row in rows[index:]
        if compact("".join(row.cells)) not in header_keys and not is_numbering_row(row.cells)
    ]
    return header, data


def _labels_beside_totals(line: Line) -> tuple[Line, Line] | None:
    """(header part, data part) of a first data row that prints column labels beside the table's totals
    ("合计 | | | 105.00 | 合计 | 基本支出 | 项目支出 |": 上海 区级 决算 政府性基金预算财政拨款收入支出决算表, whose
    template prints the 本年支出 sub-headers on the 合计 row), else None."""
    cells = line.cells
    texts = [i for i, c in enumerate(cells) if compact(c) and parse_amount(c) is None]
    labels = [i for i in texts[1:] if measure_for(cells[i])]
    if len(labels) < 2 or labels != texts[1:] or not any(parse_amount(c) is not None for c in cells):
        return None
    head = tuple(c if i in labels else "" for i, c in enumerate(cells))
    rest = tuple("" if i in labels else c for i, c in enumerate(cells))
    return replace(line, cells=head), replace(line, cells=rest)


@dataclass(frozen=True)
class Column:
    index: int
    texts: tuple[str, ...]  # this column's own header cells, top to bottom, non-empty
    groups: tuple[str, ...]  # labels carried over from the left in the upper header rows
    role: str | None  # code | code_part | name | line_no | label | note | unit_code | unit_name | None (a value column)
    part: int | None = None  # level of a split code's column (1 类, 2 款, 3 项); the 类 column has role code
    above: tuple[str, ...] = ()  # every label above the bottom cell (own or carried), top to bottom

    @property
    def bottom(self) -> str:
        return self.texts[-1] if self.texts else ""

    @property
    def joined(self) -> str:
        return "".join(self.texts)


_OWN_COLUMN_ROLES = ("name", "label", "line_no")


def build_columns(header: list[Line], width: int) -> list[Column]:
    """One Column per position, from the header rows (栏次 rows ignored)."""
    rows = [[header_text("" if is_caption(c) else c) for c in line.cells]
            for line in header if not is_numbering_row(line.cells)]
    rows = _without_stage_row([row + [""] * (width - len(row)) for row in rows])
    # A label above a column whose bottom header names a role (单位名称, 科目编码) spans no value
    # columns: that column's header spans the rows, so the label was placed a cell off by the reader.
    role_columns = {i for i, c in enumerate(rows[-1] if rows else []) if c and (unit_column_role((c,)) or column_role(c))}
    filled = []
    for row in rows[:-1]:
        carried, current = [], ""
        for index, cell in enumerate(row):
            if cell and index not in role_columns and column_role(cell) in _OWN_COLUMN_ROLES:
                # a name or label header (科目名称, 项目) heads its own column: it is no group over the value
                # columns right of it (chongqing-swj p17 "科目编码 | 科目名称 | | 小计": not what 小计 sums);
                # a code header still spans the 类 | 款 | 项 columns under it
                carried.append(cell)
                current = ""
                continue
            current = "" if index in role_columns else cell or current
            carried.append(current)
        filled.append(carried)
    columns = []
    for index in range(width):
        texts = tuple(row[index] for row in rows if row[index])
        groups = tuple(row[index] for row in filled if row[index] and row[index] not in texts)
        role = unit_column_role(texts) or (column_role("".join(texts)) if texts else None)
        if role is None and texts:
            role = column_role(texts[-1])
        part = _code_part(texts, groups)
        if part:
            role = "code" if part == 1 else "code_part"
        above = tuple(row[index] for row in filled if row[index])
        columns.append(Column(index, texts, groups, role, part, tuple(t for t in above if t != texts[-1]) if texts else above))
    return columns


def _without_stage_row(rows: list[list[str]]) -> list[list[str]]:
    """The header rows less a row that prints the report's one figure word under every value column
    ("本年收入合计 | 财政拨款收入 | …" over "决算数 | 决算数 | …", Shanghai district 决算 收入决算表/
    支出决算表): it names the same figure for each column, so the labels above it name the measures.
    A row that tells columns apart (预算数 | 决算数 under each 三公 part) is kept."""
    for position, row in enumerate(rows):
        words = {compact(c) for c in row if compact(c)}
        filled = [i for i, c in enumerate(row) if compact(c)]
        if position == 0 or len(words) != 1 or len(filled) < 2 or measure_for(next(iter(words))) not in _STAGE_MEASURES:
            continue
        labels = ["".join(r[i] for r in rows[:position]) for i in filled]
        if all(labels) and len(set(labels)) == len(labels):
            return rows[:position] + rows[position + 1:]
    return rows


_STAGE_MEASURES = ("final", "budget", "amount")


def codes_in_names(columns: list[Column], data: list[Line]) -> list[Column]:
    """A table with no code column whose name column prints each code with its name ("[201]一般公共
    服务支出", "2010601 行政运行"): that column is the code column (the code is split off per cell). A
    column whose header names no role (广州 表6 "部门预算支出经济科目") is such a column too when its cells are."""
    if any(c.role == "code" for c in columns):
        return columns
    for column in columns:
        if column.role not in ("name", "label", None):
            continue
        cells = [compact(line.cells[column.index]) for line in data if column.index < len(line.cells)]
        cells = [c for c in cells if c]
        coded = [c for c in cells if all(split_code(c))]
        if cells and len(coded) * 2 > len(cells):
            return [replace(c, role="code") if c.index == column.index else c for c in columns]
    return columns


def _code_part(texts: tuple[str, ...], groups: tuple[str, ...]) -> int | None:
    """The level of a split code column: its bottom cell is 类/款/项 under a header naming codes."""
    level = code_part_level(texts[-1]) if texts else None
    if level and any(names_code(t) for t in texts[:-1] + groups):
        return level
    return None


def code_part_columns(columns: list[Column], code_col: int) -> list[int]:
    """The columns a row's code is read from: the code column and the split-code columns after it."""
    indexes = [code_col]
    for column in columns[code_col + 1:]:
        if column.role != "code_part" or column.part != len(indexes) + 1:
            break
        indexes.append(column.index)
    return indexes


def measure_of(column: Column, report_year: int) -> str | None:
    """The measure a value column holds, from its own header cells and its group labels."""
    prefix = next((measure_prefix(g) for g in column.groups + column.texts[:-1] if measure_prefix(g)), "")
    bottom = strip_enumeration(column.bottom)
    if bottom in SUBTOTAL_WORDS:
        # the nearest label above names what the 小计 sums (基本支出 under 预算数); a 小计 under a label
        # that names no measure (深圳 支出总表 "2026年政府采购项目 | 小计") sums something unknown, not the
        # table's total (a 合计 under the table's theme, "本年一般公共预算基本支出 | 合计", is its total)
        labels = column.above or column.texts[:-1] + column.groups
        uppers = [t for t in labels if measure_for(t, report_year)]
        if bottom == "小计" and labels and not measure_for(labels[-1], report_year):
            return None
        base = measure_for(uppers[-1], report_year) if uppers else "total"
    else:
        base = (
            measure_for(column.joined, report_year)
            or measure_for(column.bottom, report_year)
            or next((measure_for(t, report_year) for t in reversed(column.texts[:-1]) if measure_for(t, report_year)), None)
        )
    if base == "amount":  # "事业收入 | 金额": a generic word under a label naming the measure
        base = next((m for t in reversed(column.above or column.texts[:-1] + column.groups)
                     if (m := measure_for(t, report_year)) and m != "amount"), base)
    base = _year_variant(column, base, report_year)
    if base and prefix and prefix + base in measure_codes():
        return prefix + base
    return base


def _year_variant(column: Column, base: str | None, report_year: int) -> str | None:
    """The previous year's variant of a measure under a label naming that year ("2025年执行数" over
    执行数 | 扣除中央基建投资后执行数 in a 2026 budget: prior_final, prior_final_excl_capital)."""
    variant = prior_year_variant(base)
    years = [int(m.group(1)) for t in column.above + column.groups + column.texts[:-1] if (m := _YEAR.match(t))]
    return variant if variant and years and years[-1] == report_year - 1 else base


def theme_totals(values: list[Column], measures: dict[int, str | None], report_year: int) -> dict[int, str | None]:
    """measures, with a 合计/总计 under the label every value column sits under read as the table's total
    ("预算数" over 合计 | 基本支出 | 人员经费 | 公用经费 | 项目支出, Beijing 预算05表/06表): a label over the whole
    table is its theme, not one figure beside others (2025年预算数 | 2026年预算数 总计 … keeps its measure).
    A 小计 there is the total too when no column is one already ("政府性基金预算支出" over 小计 | 其中:基本支出 |
    项目支出, guangdong-gztjj p18 表9 / p19 表10)."""
    tops = {(c.above or c.texts[:-1] + c.groups or ("",))[0] for c in values}
    theme = next(iter(tops)) if len(tops) == 1 and len(values) > 1 else ""
    if not theme or not measure_for(theme, report_year):
        return measures
    words = ("合计", "总计") if "total" in measures.values() else ("合计", "总计", "小计")
    return {c.index: "total" if strip_enumeration(c.bottom) in words and measures[c.index] == measure_for(theme, report_year)
            else measures[c.index] for c in values}


def is_derived(column: Column) -> bool:
    """A column of differences or rates between other columns (增减额, 增减(%)): never loaded."""
    return derived_header(column.bottom) or derived_header(column.joined)


def row_label(cells: tuple[str, ...], columns: list[Column]) -> str:
    """The label of a data row: its label column, else its first non-numeric cell."""
    for column in columns:
        if column.role == "label" and column.index < len(cells) and compact(cells[column.index]):
            return cells[column.index]
    for cell in cells:
        if compact(cell) and parse_amount(cell) is None:
            return cell
    return ""


__all__ = ["Column", "build_columns", "code_part_columns", "codes_in_names", "is_data_row", "is_numbering_row", "label_key", "measure_of", "row_label", "split_rows"]
