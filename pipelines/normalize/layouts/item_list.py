"""Tables of labelled rows (三公 long form, 机关运行经费, 政府采购, the combined 11 table):
a label column, an optional 行次 column and one or more value columns.

A 合计/总计 row is the table's total item (table_kinds.yaml total_item), also when the 合计 is printed
in a column beside an empty label cell (重庆 表九 "合计 | | 6,546.82": 项目编号 | 项目 | 总计).
Rows with no label but text in other columns are detail rows under the labelled row above them
(政府采购 projects and 品目: "| 办公设备购置费 | 办公设备购置 | 台式计算机 | 分散自行组织 | 18.00"):
they have no canonical key, so they are not loaded and one finding per table says how many there
are; the labelled rows above them (合计, 货物, 工程, 服务) are loaded."""

from __future__ import annotations

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.header import Column, measure_of
from pipelines.normalize.layouts.coded import own_unit_name
from pipelines.normalize.layouts.procurement_lines import SEPARATOR, DetailPaths, text_columns
from pipelines.normalize.vocab import SUBTOTAL_WORDS, ItemSpec, is_section_label, item_for, item_spec, label_key, unit_row
from pipelines.reference import load_yaml
from pipelines.textnorm import compact


def _value_columns(columns: list[Column], data: list[Line], label_col: int) -> list[Column]:
    """Columns that print numbers (a text column such as 采购组织形式 or 项目编号 is no value column)."""
    used = {i for line in data for i, c in enumerate(line.cells) if parse_amount(c) is not None}
    values = [c for c in columns if c.role is None and c.index != label_col and c.texts and c.index in used]
    if values:
        return values
    return [c for c in columns if c.index in used and c.index != label_col and c.role is None]


def _label(line: Line, label_col: int, values: set[int]) -> str:
    """The row's label; a blank label cell beside a 合计 printed in another text column reads 合计."""
    label = cell(line, label_col)
    if compact(label):
        return label
    beside = [c for i, c in enumerate(line.cells) if i not in values and compact(c)]
    return beside[0] if len(beside) == 1 and label_key(beside[0]) in SUBTOTAL_WORDS else label


def _is_detail_row(line: Line, label_col: int, values: set[int]) -> bool:
    return not compact(cell(line, label_col)) and any(
        compact(c) and parse_amount(c) is None for i, c in enumerate(line.cells) if i not in values and i != label_col)


def _group_column(line: Line, label_col: int, values: set[int]) -> int | None:
    """The column printing 小计 beside a group label ("一般公共预算资金 | 小计 | 10,070.48", 江苏 公开02表): the
    column the group's part rows print their labels in (" | 公共财政拨款(补助)资金 | 10,070.48")."""
    if not compact(cell(line, label_col)):
        return None
    return next((i for i, c in enumerate(line.cells)
                 if i > label_col and i not in values and label_key(c) in SUBTOTAL_WORDS), None)


def _own_unit(label: str, report_unit: str | None) -> bool:
    return bool(compact(label)) and own_unit_name(label) == own_unit_name(report_unit or "")


def _lone_unlabelled_row(builder: FactBuilder, data: list[Line], values: list[int]) -> Line | None:
    """The table's only row of amounts when it prints no text at all: the table's totals (北京 预算02表
    收入总表 prints one row "590,242.670510 | 565,861.946064 | …" under its header, no 合计 label)."""
    valued = [line for line in data if builder.has_value(line, values)]
    if len(valued) != 1 or any(compact(c) and parse_amount(c) is None for c in valued[0].cells):
        return None
    return valued[0]


def normalize_item_list(builder: FactBuilder, columns: list[Column], data: list[Line]) -> None:
    kind = builder.table.kind
    spec_kind = load_yaml("table_kinds.yaml")["kinds"][kind]
    label_col = next((c.index for c in columns if c.role == "label"), None)
    if label_col is None:  # the first column printing text in the rows (北京 预算10表 leaves column 0 empty)
        texts = {i for line in data for i, c in enumerate(line.cells) if compact(c) and parse_amount(c) is None}
        label_col = min(texts, default=None)  # None: no row prints a label (北京 预算02表)
    values = _value_columns(columns, data, label_col)
    single = spec_kind.get("single_column_measure", "amount")
    measures = {
        c.index: (single if len(values) == 1 and single else measure_of(c, builder.meta.year)) for c in values
    }
    for column in values:
        if measures[column.index] is None:
            builder.finding("column_unmapped", "error", f"column {column.joined!r} has no measure code; its cells are not loaded")
    total_item = spec_kind.get("total_item")
    lone_total = _lone_unlabelled_row(builder, data, list(measures))
    parent: ItemSpec | None = None
    details: list[Line] = []
    detail_items = spec_kind.get("detail_rows")
    paths = DetailPaths(text_columns(data, label_col, set(measures)), **detail_items) if detail_items else None
    group: tuple[ItemSpec, str] | None = None  # the labelled row the detail rows below belong to
    group_unit: tuple[str | None, str] | None = None
    sub_rows: tuple[ItemSpec | None, int] | None = None  # the open group row's item and its parts' label column
    for line in data:
        label = _label(line, label_col, set(measures))
        part_of = None
        if sub_rows and not compact(label) and compact(cell(line, sub_rows[1])):
            label, part_of = cell(line, sub_rows[1]), sub_rows[0]  # a part row: its label in the group's 小计 column
        elif compact(label):
            sub_rows = None
        unit = unit_row(label)
        spec = None if unit else item_for(label, kind, None, part_of or parent)
        grouped = _group_column(line, label_col, set(measures))
        if grouped is not None and unit is None:
            sub_rows = (spec, grouped)
        if line is lone_total:
            spec = item_spec(total_item or "total")
        if paths and unit is None and spec is None and group and _own_unit(label, builder.meta.unit_name):
            # 苏州 公开13表: the department's own unit under each class row, its project lines under it
            spec, unit = group[0], (None, own_unit_name(label))
            group_unit = unit
            paths.open(group[1], label)
            label = SEPARATOR.join(paths.root)  # "货物 / 苏州市审计局": the path its lines extend
        elif paths and spec:
            group, group_unit = (spec, label), None
            paths.open(label)
        if paths and unit is None and spec is None and _is_detail_row(line, label_col, set(measures)):
            placed = paths.place(line)
            if placed and builder.has_value(line, list(measures)):
                for index, measure in measures.items():
                    if measure:
                        builder.emit(line, index, measure, item=placed[0], unit=group_unit, label=placed[1],
                                     keyed_by_label=True)
                continue
        if (spec is None or spec.code == "total") and unit is None and total_item and label_key(label) in SUBTOTAL_WORDS:
            spec = item_spec(total_item)
        if spec and spec.children:
            parent = spec
        if not builder.has_value(line, list(measures)):
            continue
        if unit is None and spec is None:
            if _is_detail_row(line, label_col, set(measures)):
                details.append(line)
            elif not is_section_label(label):
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
    if details:
        first = details[0]
        sample = " / ".join(compact(c) for c in first.cells if compact(c) and parse_amount(c) is None)
        builder.finding("rows_not_keyed", "warning", f"{len(details)} detail rows (projects, 品目 or 经济科目 under the "
                        f"labelled rows above them, e.g. {sample!r}) have no canonical key: their amounts are not loaded, "
                        "the labelled rows' totals are", first, sample, observed=str(len(details)))
