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
above their purchases); where the spec names no leaf column (项目支出表) a group row is a 经费形式, unit or 项目类别
row (layouts/line_groups.py: a unit the report names elsewhere, a listed 类别). Consecutive group rows nest, a group
row after a line stays only in the open groups that enclose it (line_groups.encloses), and a row's
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
from pipelines.normalize.layouts.line_groups import GroupTag, category_levels, encloses, group_tag
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


def _group_tag(line: Line, printed: list[str], leaf_columns: set[int], code: str, spec: dict, units: frozenset[str],
               report_unit: str | None, after: GroupTag | None, printed_levels: set[int]) -> GroupTag | None:
    """A row over the lines below it (None: a line): where the spec names leaf columns (采购目录), a row printing
    none of them; else a 经费形式, unit or 项目类别 row (layouts/line_groups.py)."""
    if leaf_columns:
        return None if any(compact(cell(line, i)) for i in leaf_columns) else GroupTag("unit", code=code)
    return group_tag([t for t in printed if t], code, spec, units, report_unit, after, printed_levels)


def normalize_line_list(builder: FactBuilder, columns: list[Column], data: list[Line], spec: dict,
                        units: frozenset[str] = frozenset()) -> None:
    """``units``: the names of the units the report's other tables are keyed by (a row naming one is a unit row)."""
    kind = builder.table.kind
    values = value_columns(columns, spec, builder.meta.year)
    counts = set(spec.get("counts", ()))
    skipped = {c.index for c in columns if c.role in _SKIPPED_ROLES or compact(c.joined) in spec.get("attributes", ())}
    levels = key_levels(columns, skipped | set(values))
    leaf_columns = {c.index for c in columns if compact(c.joined) in spec.get("leaf_headers", ())}
    unit_columns = {c.index for c in columns if c.role == "unit_code"}
    unit_level = next((n for n, level in enumerate(levels) if set(level) & unit_columns), None)
    total_item = item_spec(load_yaml("table_kinds.yaml")["kinds"][kind].get("total_item") or "total").code
    rows = [(line, ["".join(compact(cell(line, i)) for i in level) for level in levels]) for line in data]
    rows = [(line, printed) for line, printed in rows if any(printed) and _readable(builder, line, values, printed)]
    printed_levels = category_levels([t for _, printed in rows for t in printed if t], spec)
    groups: list[tuple[list[str], str, GroupTag]] = []  # the open group rows: (printed levels, path, tag), outermost first
    above: GroupTag | None = None  # the tag of the row right above (None: a line)
    placed: list[tuple[Line, str, str, dict[int, str]]] = []  # (row, item, path, uom per value column)
    for line, printed in rows:
        uoms = {index: "count" if measure in counts else "wan_yuan" for index, measure in values.items()}
        if any(label_key(text) in SUBTOTAL_WORDS for text in printed):
            label = " ".join(filter(None, printed))
            for index, measure in values.items():
                builder.emit(line, index, measure, item=total_item, label=label, uom=uoms[index])
            continue
        code = printed[unit_level] if unit_level is not None else ""
        tag = _group_tag(line, printed, leaf_columns, code, spec, units, builder.meta.unit_name, above, printed_levels)
        if tag is not None:
            groups = [g for g in groups if encloses(g[2], tag, consecutive=above is not None)]
        own = SEPARATOR.join(_own_levels(printed, [g[0] for g in groups]))
        path = SEPARATOR.join([g[1] for g in groups[-1:]] + [own])
        if tag is not None:
            groups.append((printed, path, tag))
            if tag.from_position:
                builder.finding("row_level_from_position", "info", f"{own!r} read as a level-{tag.level} 项目类别: the "
                                f"row right below a level-{tag.level - 1} one, in a table printing that level", line, path)
        above = tag
        placed.append((line, spec["group" if tag is not None else "leaf"], path, uoms))
    printed_paths = Counter((item, path) for _, item, path, _ in placed)
    seen: Counter = Counter()
    for line, item, path, uoms in placed:
        seen[item, path] += 1
        if printed_paths[item, path] > 1:  # one path printed on several rows (北京 预算11表: a 三级 目录 per project)
            path = f"{path}{SEPARATOR}#{seen[item, path]}"
        for index, measure in values.items():
            builder.emit(line, index, measure, item=item, label=path, uom=uoms[index], keyed_by_label=True)


def _readable(builder: FactBuilder, line: Line, values: dict[int, str], printed: list[str]) -> bool:
    """Whether a row prints a value; one whose value cells hold digits but no amount is reported, not dropped
    silently (xakjj p57 row 8: the name's last character read into the amount cell, "选700000")."""
    if builder.has_value(line, list(values)):
        return True
    unread = [cell(line, i) for i in values if any(ch.isdigit() for ch in cell(line, i))]
    if unread:
        label = SEPARATOR.join(t for t in printed if t)
        builder.finding("amount_unreadable", "warning", f"row {label!r}: value cell(s) {unread!r} hold digits but no "
                        "amount; the row is not loaded", line, label, observed=unread[0])
    return False


def _own_levels(printed: list[str], groups: list[list[str]]) -> list[str]:
    """A row's levels without the cells its enclosing group rows print in the same column (the repeated code)."""
    repeated = {(n, text) for group in groups for n, text in enumerate(group) if text}
    own = [("" if (n, text) in repeated else text) for n, text in enumerate(printed)]
    last = max((n for n, text in enumerate(own) if text), default=-1)
    first = min((n for n, text in enumerate(own) if text), default=0)
    return own[first:last + 1]
