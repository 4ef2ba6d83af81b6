"""Tables of a coded kind printed without any code column: one row per classification name
("功能分类科目名称 | 总计 | 基本支出 …" with 一般公共服务支出 / 社会工作事务 / 其他社会工作事务支出 …,
Zhejiang; "支出项目类别 | 总计 | 财政拨款 …" with 工资福利支出 / 基本工资 …, Shenzhen 基本支出总表).

Each name gets its code in context (name_rows.NameTrail: a child of the nearest enclosing code, else a
类; after a name with no code, only rows that may be its children by amount are doubted). A row
printing the report's own unit ("深圳市财政局(本级)") or 合计/总计 is the table's total. A row whose
name is no classification name, followed by 类 rows adding up to its amount, opens a section nobody
can key (another unit's name): its rows are not loaded, one finding says how many — they would
otherwise be read as the report's own figures. When the label column's header says its sections are
units (measures.yaml roles.unit_sections: "支出项目类别(资金使用单位)", 广州 表11), such a row opens that
unit's section instead, keyed by its name; and the report's own name printed below a 合计 it differs
from ("广州市统计局(本级)") opens its 本级 unit's section rather than restating the total."""

from __future__ import annotations

from decimal import Decimal

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.codes import codebook
from pipelines.normalize.header import Column, measure_of
from pipelines.normalize.layouts.coded import own_unit_name, single_measure
from pipelines.normalize.layouts.name_rows import NameTrail, labelled_finding_detail, unlisted_item
from pipelines.normalize.vocab import SUBTOTAL_WORDS, is_section_label, label_key, unit_row
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

_TOLERANCE = Decimal("0.01")  # 尾数误差 of one cell


def declared_system(kind: str) -> str | None:
    """The classification a table kind's rows carry when its layout is coded (table_kinds.yaml)."""
    spec = load_yaml("table_kinds.yaml")["kinds"][kind]
    return spec.get("code_system") if spec.get("layout") == "coded" else None


def _label_column(columns: list[Column], data: list[Line]) -> int:
    named = next((c.index for c in columns if c.role in ("name", "label")), None)
    if named is not None:
        return named
    texts = {i for line in data for i, c in enumerate(line.cells) if compact(c) and parse_amount(c) is None}
    return min(texts, default=0)


def _is_class(system: str, label: str) -> bool:
    """A 类 (top level) name of the classification, whatever the rows above."""
    book = codebook(system)
    found = book.resolve_under(None, label)
    return bool(found.code) and len(found.code) == book.lengths[0]


def names_fit(columns: list[Column], data: list[Line], system: str) -> bool:
    """Most labelled rows printing numbers name a code of ``system`` in context."""
    label_col = _label_column(columns, data)
    trail, named, labelled = NameTrail(system), 0, 0
    for line in data:
        label = cell(line, label_col)
        amounts = [parse_amount(c) for i, c in enumerate(line.cells) if i != label_col]
        if not compact(label) or all(a is None for a in amounts) or label_key(label) in SUBTOTAL_WORDS:
            continue
        labelled += 1
        named += bool(trail.resolve(label, next((a for a in amounts if a is not None), None)).code)
    return labelled > 0 and named * 2 > labelled


def _sections_are_units(columns: list[Column], label_col: int) -> bool:
    """The label column's header says its section rows are units ("支出项目类别(资金使用单位)")."""
    header = "".join(c.joined for c in columns if c.index == label_col)
    return any(compact(word) in header for word in load_yaml("measures.yaml")["roles"].get("unit_sections", ()))


def _first_amount(line: Line, indexes: list[int]) -> Decimal | None:
    return next((parse_amount(cell(line, i)) for i in indexes if parse_amount(cell(line, i)) is not None), None)


def _opens_section(data: list[Line], position: int, label_col: int, indexes: list[int], system: str) -> bool:
    """The row names no code, the next labelled row is a 类 and the 类 rows below add up to its amount
    (a unit's section, "深圳市XX中心 | 300.00" over 工资福利支出 200.00 and 商品和服务支出 100.00) — a leaf
    the dictionary lacks (交通战备) before the next 类 prints less than the 类 rows below it."""
    amount = _first_amount(data[position], indexes)
    below = [line for line in data[position + 1:] if compact(cell(line, label_col))]
    if amount is None or not below or not _is_class(system, cell(below[0], label_col)):
        return False
    total, count = Decimal(0), 0
    for line in below:
        if not _is_class(system, cell(line, label_col)):
            continue
        total, count = total + (_first_amount(line, indexes) or 0), count + 1
        if abs(total - amount) <= _TOLERANCE * count:
            return True
        if total > amount + _TOLERANCE * count:
            return False
    return False


def normalize_named_codes(builder: FactBuilder, columns: list[Column], data: list[Line], system: str) -> None:
    kind, year = builder.table.kind, builder.meta.year
    label_col = _label_column(columns, data)
    printed = {i for line in data for i, c in enumerate(line.cells) if parse_amount(c) is not None}
    values = [c for c in columns if c.role is None and c.index != label_col and c.index in printed]
    measures = {c.index: measure_of(c, year) for c in values}
    for column in values:
        if measures[column.index] is None and len(values) > 1:
            builder.finding("column_unmapped", "error", f"column {column.joined!r} has no measure code; its cells are not loaded")
    total = {"item": load_yaml("table_kinds.yaml")["kinds"][kind].get("total_item", "total")}
    own = own_unit_name(builder.meta.unit_name or "")
    units = _sections_are_units(columns, label_col)
    trail, unit, skipped, table_total = NameTrail(system), None, [], None
    for position, line in enumerate(data):
        label, keyed = cell(line, label_col), False
        has_value = builder.has_value(line, list(measures))
        amount = _first_amount(line, list(measures))
        if not compact(label) or is_section_label(label):
            if has_value and not compact(label):
                builder.finding("row_unlabelled", "error", "numbers printed on a row without a label; not loaded", line)
            continue
        row_unit = unit_row(label)
        own_row = bool(own) and own_unit_name(label) == own
        if own_row and table_total is not None and amount != table_total:
            # below a 合计 it differs from, the department's own name opens its 本级 unit's section (广州 表11
            # "合计 8,401.67" then "广州市统计局(本级) 5,673.23"): that unit's figures, not the table's
            own_row, row_unit = False, (None, own)
        if label_key(label) in SUBTOTAL_WORDS or own_row or row_unit:
            _section_finding(builder, skipped, label_col)
            trail, unit = NameTrail(system), row_unit or (unit if label_key(label) in SUBTOTAL_WORDS else None)
            target = total
            if label_key(label) in SUBTOTAL_WORDS and unit is None and table_total is None:
                table_total = amount
        elif skipped:  # inside a section nobody can key
            if has_value:
                skipped.append(line)
            continue
        else:
            found = trail.resolve(label, amount)
            if found.code is None and units and has_value and _opens_section(data, position, label_col, list(measures), system):
                # the header says the sections are units (资金使用单位): this one is that unit's
                trail, unit, target = NameTrail(system), (None, compact(label)), total
            elif found.code is None:
                if has_value and _opens_section(data, position, label_col, list(measures), system):
                    skipped = [line]
                elif has_value and trail.path and unlisted_item(system, line, trail.path):
                    # a name no code in context has: a labelled row keyed by its printed path (issue 14)
                    builder.finding("class_unlisted", "info", labelled_finding_detail(trail, label, year), line, label)
                    target, label, keyed = {"item": unlisted_item(system)}, trail.path, True
                elif has_value:
                    builder.finding("row_unmapped", "error", f"row {label!r} names no {system} code in context "
                                    f"({found.detail}); its numbers are not loaded", line, label)
                if not keyed:
                    continue
            else:
                if has_value and found.how != "printed":
                    builder.finding(f"code_{found.how}", "info", found.detail, line, label)
                target = {f"{system}_code": found.code}
        for index, measure in measures.items():
            measure = measure if len(measures) > 1 else single_measure(kind, target.get("econ_code"))
            if measure:
                builder.emit(line, index, measure, label=label, unit=unit, keyed_by_label=keyed, **target)
    _section_finding(builder, skipped, label_col)


def _section_finding(builder: FactBuilder, skipped: list[Line], label_col: int) -> None:
    if not skipped:
        return
    first, label = skipped[0], cell(skipped[0], label_col)
    builder.finding("rows_not_keyed", "error", f"row {label!r} names no classification code and the {len(skipped) - 1} "
                    "rows under it start again at a 类: a section of something the table does not name (another "
                    "unit?); not loaded", first, label, observed=str(len(skipped)))
    skipped.clear()
