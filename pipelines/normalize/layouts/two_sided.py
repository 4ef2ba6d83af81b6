"""Two-sided tables (01 收支总表, 04 财政拨款收支总表): income on the left, expenditure on the
right of the same row. Left rows are items; right rows are items or 功能分类 类 printed by name."""

from __future__ import annotations

from pipelines.model import Line
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.codes import codebook
from pipelines.normalize.header import Column, measure_of
from pipelines.normalize.vocab import ItemSpec, is_section_label, item_for
from pipelines.textnorm import compact

_TOP_ENUMERATION = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def find_split(header: list[Line]) -> int | None:
    """Column where the expenditure side starts (the 支出 group label), if the table is two-sided."""
    for line in header:
        words = [compact(c) for c in line.cells]
        if "收入" in words and "支出" in words:
            return words.index("支出")
    return None


def _side_columns(columns: list[Column]) -> tuple[int, list[Column]]:
    label = next((c.index for c in columns if c.role == "label"), columns[0].index)
    values = [c for c in columns if c.role is None and c.index != label]
    return label, values


def normalize_two_sided(builder: FactBuilder, columns: list[Column], data: list[Line], split: int) -> None:
    year = builder.meta.year
    for side, side_columns in (("income", columns[:split]), ("expenditure", columns[split:])):
        label_col, values = _side_columns(side_columns)
        measures = {c.index: ("amount" if len(values) == 1 else measure_of(c, year)) for c in values}
        parent: ItemSpec | None = None
        for line in data:
            label = cell(line, label_col)
            if not label:
                continue
            spec = item_for(label, builder.table.kind, side, parent)
            if spec is None or spec.code not in (parent.children.values() if parent else ()):
                parent = spec if spec and spec.children else (None if compact(label).startswith(_TOP_ENUMERATION) else parent)
            if not builder.has_value(line, list(measures)):
                continue
            target = _target(builder, line, label, spec, side)
            if target is None:
                continue
            for index, measure in measures.items():
                if measure:
                    builder.emit(line, index, measure, label=label, **target)


def _target(builder: FactBuilder, line: Line, label: str, spec: ItemSpec | None, side: str) -> dict | None:
    if spec is not None:
        return {"item": spec.code}
    if side == "expenditure":
        resolution = codebook("func").resolve(None, label, top_level_only=True)
        if resolution.code:
            return {"func_code": resolution.code}
    if not is_section_label(label):
        builder.finding("row_unmapped", "error", f"{side} row {label!r} matches no item or 功能分类 类; its numbers are not loaded", line, label)
    return None
