"""Tables that list one purchase (or project) a row, each row keyed by its printed path.

陕西 表12 政府采购(资产配置、购买服务)预算表 prints no class rows and no canonical labels, only a 合计 and the
purchases, each with its 功能分类 code, 单位编码, 采购项目, 采购目录, 购买服务的内容, 规格型号, 数量, 经济科目 codes,
采购时间 and 预算金额:

    224 | 01 | 06 | 125001 | 事故应急救援 | 其他专用汽车 |  | 事故救援专业车 | 1 | 310 | 03 | 503 | 06 | 2019-02-09 | 59.80

A table kind lists lines when its header has one of the kind's ``line_list.headers`` (table_kinds.yaml). A row's
path is its printed key cells left to right, a split code's parts joined ("2240106 / 125001 / 事故应急救援 /
其他专用汽车 /  / 事故救援专业车 / 31003 / 50306"): every column but the values, the 序号 and 说明 columns and the
line's attributes (采购时间). A row printing one of ``leaf_headers`` (采购目录) is a line (``leaf`` item); one
printing none is a group row over the lines below it (``group`` item: 西安 "1 | 全额" then "204001 | 西安市科学技术局"
above their purchases): consecutive group rows nest, a group row after a line starts a new group, and a row's
path starts with its group's, without the cells it repeats (the 功能分类 code printed on every row). A row whose
label is 合计/总计 is the kind's total_item. A path printed on several rows (北京 预算11表 prints the 三级 目录 once per
project, the project not at all) gets its occurrence in print order: "… / 森林经营与管理服务 / #2". Values come from the named columns only (``values``: 预算金额 amount,
数量 a count). The path is the fact's row_label and line_label, and with the item its key (FactBuilder
keyed_by_label); nothing is derived from the codes in it. Identities: PC03 a group = Σ lines under its path,
PC06 合计 = Σ lines (rules.yaml).
"""

from __future__ import annotations

from collections import Counter

from pipelines.model import Line
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.header import Column, measure_of
from pipelines.normalize.layouts.coded import own_unit_name
from pipelines.normalize.layouts.procurement_lines import SEPARATOR
from pipelines.normalize.vocab import SUBTOTAL_WORDS, item_spec, label_key
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

_SKIPPED_ROLES = ("line_no", "note")
_PART_WORDS = ("类", "款", "项")  # the bottom header of a split code's part column (部门经济科目 | 类 | 款)


def line_list_spec(kind: str, columns: list[Column]) -> dict | None:
    """The kind's line_list spec when this header lists lines (has one of its headers), else None."""
    spec = load_yaml("table_kinds.yaml")["kinds"][kind].get("line_list")
    if not spec:
        return None
    headers = {compact(c.joined) for c in columns}
    return spec if headers & set(spec["headers"]) else None


def key_levels(columns: list[Column], skipped: set[int]) -> list[list[int]]:
    """The path's levels: each key column, a split code's parts (类 | 款 | 项, or columns grouped under it) as one."""
    levels: list[list[int]] = []
    code_header: tuple[str, ...] = ()
    for column in columns:
        if column.index in skipped:
            code_header = ()
            continue
        joins = levels and code_header and (column.role == "code_part" or (
            set(column.groups) & set(code_header) and column.bottom in _PART_WORDS))
        if joins:
            levels[-1].append(column.index)
            continue
        levels.append([column.index])
        code_header = column.above if column.role == "code" else ()
    return levels


def value_columns(columns: list[Column], spec: dict, report_year: int) -> dict[int, str]:
    """Value columns: the ones the spec names (预算金额: amount), and with header_measures the ones whose header
    names a measure (总计 | 一般公共预算 | 政府性基金 | … of a 项目支出表)."""
    values = {c.index: spec["values"][compact(c.joined)] for c in columns if compact(c.joined) in spec.get("values", {})}
    if spec.get("header_measures"):
        values |= {c.index: m for c in columns if c.role is None and c.index not in values
                   and compact(c.joined) not in spec.get("attributes", ()) and (m := measure_of(c, report_year))}
    return values


def _is_group_row(line: Line, printed: list[str], leaf_columns: set[int], unit_columns: set[int], report_unit: str | None) -> bool:
    """A row over the lines below it: it prints none of the leaf columns (采购目录), or, where the spec names none,
    it prints a unit code (西安 125 / 125001) or names only the report's own unit (深圳市财政局(本级))."""
    if leaf_columns:
        return not any(compact(cell(line, i)) for i in leaf_columns)
    texts = [t for t in printed if t]
    return (any(compact(cell(line, i)) for i in unit_columns)
            or (len(texts) == 1 and own_unit_name(texts[0]) == own_unit_name(report_unit or "")))


def normalize_line_list(builder: FactBuilder, columns: list[Column], data: list[Line], spec: dict) -> None:
    kind = builder.table.kind
    values = value_columns(columns, spec, builder.meta.year)
    counts = set(spec.get("counts", ()))
    skipped = {c.index for c in columns if c.role in _SKIPPED_ROLES or compact(c.joined) in spec.get("attributes", ())}
    levels = key_levels(columns, skipped | set(values))
    leaf_columns = {c.index for c in columns if compact(c.joined) in spec.get("leaf_headers", ())}
    unit_columns = {c.index for c in columns if c.role == "unit_code"}
    unit_level = next((n for n, level in enumerate(levels) if set(level) & unit_columns), None)
    total_item = item_spec(load_yaml("table_kinds.yaml")["kinds"][kind].get("total_item") or "total").code
    groups: list[tuple[list[str], str]] = []  # the open group rows: (printed levels, path), outermost first
    after_line = False
    placed: list[tuple[Line, str, str, dict[int, str]]] = []  # (row, item, path, uom per value column)
    for line in data:
        printed = ["".join(compact(cell(line, i)) for i in level) for level in levels]
        if not builder.has_value(line, list(values)) or not any(printed):
            continue
        uoms = {index: "count" if measure in counts else "wan_yuan" for index, measure in values.items()}
        if any(label_key(text) in SUBTOTAL_WORDS for text in printed):
            label = " ".join(filter(None, printed))
            for index, measure in values.items():
                builder.emit(line, index, measure, item=total_item, label=label, uom=uoms[index])
            continue
        is_leaf = not _is_group_row(line, printed, leaf_columns, unit_columns, builder.meta.unit_name)
        if not is_leaf and after_line:
            groups = _enclosing(groups, printed, unit_level)
        own = SEPARATOR.join(_own_levels(printed, [g[0] for g in groups]))
        path = SEPARATOR.join([g[1] for g in groups[-1:]] + [own])
        if not is_leaf:
            groups.append((printed, path))
        after_line = is_leaf
        placed.append((line, spec["leaf" if is_leaf else "group"], path, uoms))
    printed_paths = Counter((item, path) for _, item, path, _ in placed)
    seen: Counter = Counter()
    for line, item, path, uoms in placed:
        seen[item, path] += 1
        if printed_paths[item, path] > 1:  # one path printed on several rows (北京 预算11表: a 三级 目录 per project)
            path = f"{path}{SEPARATOR}#{seen[item, path]}"
        for index, measure in values.items():
            builder.emit(line, index, measure, item=item, label=path, uom=uoms[index], keyed_by_label=True)


def _enclosing(groups: list[tuple[list[str], str]], printed: list[str], unit_level: int | None) -> list[tuple[list[str], str]]:
    """The groups a group row printed after a line stays in: those whose unit code is a proper prefix of its own
    (西安 125 over 125001 … 125002, unit codes being hierarchical); none when the table prints no unit code
    (a group row after the lines of another starts a new group)."""
    code = printed[unit_level] if unit_level is not None else ""
    return [g for g in groups if code and g[0][unit_level] and code.startswith(g[0][unit_level]) and code != g[0][unit_level]]


def _own_levels(printed: list[str], groups: list[list[str]]) -> list[str]:
    """A row's levels without the cells its enclosing group rows print in the same column (the repeated code)."""
    repeated = {(n, text) for group in groups for n, text in enumerate(group) if text}
    own = [("" if (n, text) in repeated else text) for n, text in enumerate(printed)]
    last = max((n for n, text in enumerate(own) if text), default=-1)
    first = min((n for n, text in enumerate(own) if text), default=0)
    return own[first:last + 1]
