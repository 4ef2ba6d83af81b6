"""The wide 三公 form read by column position, for ruled tables whose header and data share columns:
one group (合计 | 因公出国(境)费 | 公务用车购置及运行费 (小计 | 购置 | 运行) | 公务接待费 [| 会议费 | 培训费]
[| 机关运行经费]) or several (2021年 | 2022年 | 增减变化情况), one row (the table's) or one row per unit.

Each column's item is the lowest header cell that names a part (three_public.yaml), joined with the
cell above when the reader split a label over two rows ("“三公”经费合" / "计"). A 小计 column totals
the part of the next column's item (小计 before 出国 is the 三公 total; before 购置费 the vehicles').
A 合计 column beside a 三公 小计 totals 三公 + 会议费 + 培训费 (grand_total). Groups repeat the items:
a repeated item starts the next group, and each group takes the measure of its header word in printed
order (2025年预算数 → prior_budget; none: the report's stage). Derived groups (增减变化情况) are not loaded.
The layout is taken only when every column printing numbers is a label column or names a part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.header import is_numbering_row
from pipelines.normalize.layouts.three_public_wide import _part_of, read_statistics
from pipelines.normalize.layouts.unit_rows import department_lines
from pipelines.normalize.vocab import SUBTOTAL_WORDS, header_text, item_for, label_key, measure_for, unit_column_role
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

_MEASURE_WORD = re.compile(r"^(?:((?:19|20)\d{2})年)?(预算数|决算数|执行数)?$")
_CODE = re.compile(r"^\d{2,}$")


@dataclass(frozen=True)
class Leaf:
    column: int
    item: str
    kind: str | None
    group: int = 0


@lru_cache(maxsize=1)
def _spec() -> dict:
    return load_yaml("three_public.yaml")


@lru_cache(maxsize=1)
def _flat_parts() -> list[dict]:
    """Parts and sub-parts in one list (小计 left out: it is resolved by position)."""
    flat = []
    for part in _spec()["parts"]:
        flat.append(part)
        flat.extend(s for s in part.get("sub_parts", []) if label_key(s["labels"][0]) != "小计")
    return flat


def _part(text: str) -> dict | None:
    """The part a header text names: exactly, by a clear fuzzy match, or as the truncated start of one
    part's label ("因公出国(" where the cell was cut)."""
    found = _part_of(text, _flat_parts())
    if found or len(compact(text)) < 4:
        return found
    starts = {p["item"]: p for p in _flat_parts() for label in p["labels"] if compact(label).startswith(compact(text))}
    return next(iter(starts.values())) if len(starts) == 1 else None


def _group_word(text: str, report_year: int, stage: str) -> tuple[str | None] | None:
    """(measure,) for a column-group header word, (None,) for a derived group, None for other text."""
    key = compact(text)
    if key in {compact(w) for w in _spec()["derived_groups"]}:
        return (None,)
    found = _MEASURE_WORD.match(key)
    if not key or not found or not (found.group(1) or found.group(2)):
        return None
    word = found.group(2) or ("决算数" if stage == "final" else "预算数")
    return (measure_for(f"{found.group(1)}年{word}" if found.group(1) else word, report_year),)


def _grid(header: list[Line], width: int) -> list[list[str]]:
    rows = [[header_text(c) for c in line.cells] for line in header if not is_numbering_row(line.cells)]
    return [row + [""] * (width - len(row)) for row in rows]


def _column_item(grid: list[list[str]], column: int) -> tuple[str | None, dict | None]:
    """('subtotal', None), (text, part) or (None, None) for one column, from its lowest label."""
    texts = [(r, grid[r][column]) for r in range(len(grid)) if grid[r][column] and parse_amount(grid[r][column]) is None]
    for position in range(len(texts) - 1, -1, -1):
        row, text = texts[position]
        if label_key(text) == "小计":
            return "subtotal", None
        part = _part(text)
        if part is None and position > 0:  # a label split over two rows
            part = _part(texts[position - 1][1] + text)
        if part is not None:
            return text, part
    return None, None


def read_columns(header: list[Line], width: int) -> tuple[list[Leaf], set[int]]:
    """The part columns (in order) and the label columns (unit code/name, 序号, 项目) of a header."""
    grid = _grid(header, width)
    labels = {c for c in range(width) if any(unit_column_role((row[c],)) or header_text(row[c]) in ("序号", "项目", "行次")
                                            for row in grid)}
    found = {c: _column_item(grid, c) for c in range(width) if c not in labels}
    items: dict[int, dict] = {c: part for c, (_, part) in found.items() if part}
    for c, (text, _) in found.items():
        if text == "subtotal":
            following = next((items[n] for n in sorted(items) if n > c), None)
            parent = following.get("parent") if following else None
            if parent:
                items[c] = {"item": parent, "subtotal": True}
    columns = sorted(items)
    for c, following in zip(columns, columns[1:]):
        # 合计 | 小计 (三公) …: the 合计 totals 三公 + 会议费 + 培训费
        text = found[c][0] or ""
        if (items[c]["item"] == items[following]["item"] == "three_public_total" and label_key(text) in SUBTOTAL_WORDS
                and items[following].get("subtotal")):
            items[c] = {"item": _spec()["grand_total"]}
    leaves, group, seen = [], 0, set()
    for c in columns:
        item = items[c]["item"]
        if item in seen:
            group, seen = group + 1, set()
        seen.add(item)
        leaves.append(Leaf(c, item, items[c].get("kind"), group))
    return leaves, labels


def group_measures(header: list[Line], width: int, n_groups: int, year: int, stage: str) -> list[str | None] | None:
    """One measure per column group (None: a derived group), or None when the header's group words
    do not match the groups the columns form."""
    words = []
    for row in _grid(header, width):
        cells = [c for c in row if c]
        singles = [_group_word(c, year, stage) for c in cells]
        if any(singles):
            words.extend(w[0] for w in singles if w)
        else:  # "2025 | 年预算数": a group word the reader split over two cells
            joined = _group_word("".join(cells), year, stage) if len(cells) == 2 else None
            words.extend([joined[0]] if joined else [])
    default = "final" if stage == "final" else "budget"
    if n_groups == 1 and len(words) <= 1:
        return [words[0] if words else default]
    return words if len(words) == n_groups else None


def fits(header: list[Line], data: list[Line]) -> bool:
    """Whether the table reads this way: three parts or more, and every column printing numbers is a
    part or a label column (a header with fund sub-columns under each part does not)."""
    width = max((len(line.cells) for line in header + data), default=0)
    leaves, labels = read_columns(header, width)
    if len({l.item for l in leaves}) < 3:
        return False
    known = {l.column for l in leaves} | labels
    numeric = {i for line in data for i, c in enumerate(line.cells) if parse_amount(c) is not None}
    return numeric <= known


def normalize_three_public_columns(builder: FactBuilder, header: list[Line], data: list[Line]) -> None:
    width = max((len(line.cells) for line in header + data), default=0)
    leaves, labels = read_columns(header, width)
    n_groups = max((l.group for l in leaves), default=0) + 1
    measures = group_measures(header, width, n_groups, builder.meta.year, builder.meta.stage)
    if measures is None:
        builder.finding("column_ambiguous", "error", f"{n_groups} column groups of 三公 parts but the header's group "
                        "words do not name one measure each; the table is not loaded")
        return
    grid = _grid(header, width)
    code_col = next((c for c in sorted(labels) if any(unit_column_role((r[c],)) == "unit_code" for r in grid)), None)
    name_col = next((c for c in sorted(labels) if any(unit_column_role((r[c],)) == "unit_name" for r in grid)), None)
    rows = []
    for line in data:
        first = next((compact(c) for c in line.cells if compact(c) and parse_amount(c) is None), "")
        spec = item_for(first, "three_public") if first else None
        if spec is not None and spec.uom == "count":
            read_statistics(builder, line)
            continue
        if not any(parse_amount(cell(line, l.column)) is not None for l in leaves):
            continue
        code = compact(cell(line, code_col)) if code_col is not None else ""
        name = compact(cell(line, name_col)) if name_col is not None else first
        if code and not _CODE.match(code) and not name:
            code, name = "", code
        rows.append((line, code, name))
    department = department_lines(rows) if name_col is not None else set()
    if None in measures:  # the cells it prints are counted: printed, accounted for, no gap (load/coverage.py)
        derived = sum(1 for line, _, _ in rows for leaf in leaves
                      if measures[leaf.group] is None and parse_amount(cell(line, leaf.column)) is not None)
        builder.finding("column_derived", "info", "a derived column group (增减变化) is not loaded: its figures "
                        "are differences of the loaded groups", observed=str(derived))
    totals: dict[tuple[int, str], Decimal] = {}
    restated: dict[int, list] = {}  # a row restating the table total: [its line, label, cells]
    for line, code, name in rows:
        is_total = not name or label_key(name) in SUBTOTAL_WORDS or line.number in department
        if not is_total and not re.search(r"\D", name):
            builder.finding("unit_unnamed", "error", f"a row of 三公 figures without a readable unit name "
                            f"(code {code or 'none'}); not loaded", line, name or code)
            continue
        unit = None if is_total else (code or None, name)
        for leaf in leaves:
            measure = measures[leaf.group]
            amount = parse_amount(cell(line, leaf.column))
            if measure is None or amount is None:
                continue
            key = (leaf.column, measure)
            if is_total and key in totals:
                if totals[key] != amount:
                    builder.finding("total_mismatch", "warning", f"{name!r} prints {leaf.item} {amount} where the "
                                    f"table total is {totals[key]}; the first printed is loaded", line, name,
                                    observed=str(amount))
                else:
                    restated.setdefault(line.number, [line, name, 0])[2] += 1
                continue
            if is_total:
                totals[key] = amount
            builder.emit(line, leaf.column, measure, item=leaf.item, unit=unit, kind=leaf.kind, label=name)
    for line, name, cells in restated.values():
        builder.finding("total_restated", "info", f"{name!r} restates the table total; loaded once", line, name,
                        observed=str(cells))
