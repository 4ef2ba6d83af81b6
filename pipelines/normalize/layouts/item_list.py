"""Tables of labelled rows (三公 long form, 机关运行经费, 政府采购, the combined 11 table):
a label column, an optional 行次 column and one or more value columns."""

from __future__ import annotations

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.header import Column, measure_of
from pipelines.normalize.vocab import ItemSpec, is_section_label, item_for, unit_row
from pipelines.reference import load_yaml


def _value_columns(columns: list[Column], data: list[Line], label_col: int) -> list[Column]:
    values = [c for c in columns if c.role is None and c.index != label_col and c.texts]
    if values:
        return values
    used = {i for line in data for i, c in enumerate(line.cells) if parse_amount(c) is not None}
    return [c for c in columns if c.index in used and c.index != label_col and c.role is None]


def normalize_item_list(builder: FactBuilder, columns: list[Column], data: list[Line]) -> None:
    kind = builder.table.kind
    spec_kind = load_yaml("table_kinds.yaml")["kinds"][kind]
    label_col = next((c.index for c in columns if c.role == "label"), 0)
    values = _value_columns(columns, data, label_col)
    single = spec_kind.get("single_column_measure", "amount")
    measures = {
        c.index: (single if len(values) == 1 and single else measure_of(c, builder.meta.year)) for c in values
    }
    for column in values:
        if measures[column.index] is None:
            builder.finding("column_unmapped", "error", f"column {column.joined!r} has no measure code; its cells are not loaded")
    parent: ItemSpec | None = None
    for line in data:
        label = cell(line, label_col)
        unit = unit_row(label)
        spec = None if unit else item_for(label, kind, None, parent)
        if spec and spec.children:
            parent = spec
        if not builder.has_value(line, list(measures)):
            continue
        if unit is None and spec is None:
            if not is_section_label(label):
                builder.finding("row_unmapped", "error", f"row {label!r} matches no item; its numbers are not loaded", line, label)
            continue
        row_kind = spec.kind if spec and spec_kind.get("row_kinds") else None
        if spec_kind.get("row_kinds") and row_kind is None:
            builder.finding("row_unmapped", "error", f"row {label!r} has no table kind in the combined table", line, label)
            continue
        item = spec.code if spec else spec_kind.get("total_item", "total")
        for index, measure in measures.items():
            if measure:
                builder.emit(line, index, measure, item=item, unit=unit, uom=spec.uom if spec else "wan_yuan",
                             kind=row_kind, label=label)
