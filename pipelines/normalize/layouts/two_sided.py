"""Two-sided tables (01 收支总表, 04 财政拨款收支总表): income on the left, expenditure on the
right of the same row. Left rows are items; right rows are items or 功能分类 printed by name (类,
and 款/项 under them, resolved in context: name_rows.NameTrail).

A side may print several (label, values) pairs: Jiangsu prints the expenditure side once by 功能分类
and once by 支出用途 (基本支出 / 项目支出 / 单位预留机动经费) next to it. A totals row then prints its label
in the first pair and its number in the last ("当年支出小计 | | | 10,150.48"): a pair with numbers but
no label takes the label of the pair before it when that pair has no number in the row.

Each expenditure pair names its classification in its label column's header (Shaanxi 收支总表: 支出功能分类科目 |
部门预算支出经济分类科目 | 政府预算支出经济分类科目, each 按大类): its named rows are 类 of that system. Under a
section row that is a measure's total (1、人员经费和公用经费支出 = 基本支出, 2、专项业务经费支出 = 项目支出:
items.yaml section_measures) the 类 rows are that measure's breakdown (301 工资福利支出 of 基本 and of 项目).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder, cell
from pipelines.normalize.header import Column, measure_of
from pipelines.normalize.layouts.name_rows import NameTrail, labelled_finding_detail, unlisted_item
from pipelines.normalize.vocab import ItemSpec, code_system, is_section_label, item_for
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

_TOP_ENUMERATION = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


@lru_cache(maxsize=1)
def _groups() -> tuple[frozenset[str], frozenset[str]]:
    groups = load_yaml("items.yaml")["two_sided_groups"]
    return frozenset(map(compact, groups["income"])), frozenset(map(compact, groups["expenditure"]))


@lru_cache(maxsize=1)
def _section_measures() -> dict[str, str]:
    return load_yaml("items.yaml").get("section_measures", {})


def find_split(header: list[Line], columns: list[Column], data: list[Line]) -> int | None:
    """First column of the expenditure side, if the table is two-sided: a header row names the
    income group (收入, 本年收入, 财政拨款收入 …) and, right of it, the expenditure group, and the
    data print labels on both sides."""
    split = _group_split(header)
    return refine_split(columns, data, split) if split else None


def _group_split(header: list[Line]) -> int | None:
    income, expenditure = _groups()
    for line in header:
        words = [compact(c) for c in line.cells]
        first = next((i for i, w in enumerate(words) if w in income), None)
        if first is None:
            continue
        split = next((i for i, w in enumerate(words) if i > first and w in expenditure), None)
        if split is not None:
            return split
    return None


def _text_columns(data: list[Line]) -> set[int]:
    """Columns that print row labels (text with an ideograph, never an amount) in rows with numbers
    (a header repeated after a page break prints none)."""
    texts: dict[int, int] = {}
    amounts: set[int] = set()
    for line in data:
        parsed = [parse_amount(text) is not None for text in line.cells]
        if not any(parsed):
            continue
        for index, text in enumerate(line.cells):
            if parsed[index]:
                amounts.add(index)
            elif any("\u4e00" <= ch <= "\u9fff" for ch in text):
                texts[index] = texts.get(index, 0) + 1
    return {i for i in texts if i not in amounts}


def label_columns(columns: list[Column], data: list[Line]) -> list[int]:
    """Columns holding row labels: named so by the header (项目, 名称) or printing only labels."""
    texts = _text_columns(data)
    return sorted({c.index for c in columns if c.role in ("label", "name") and c.index in texts} | texts)


def refine_split(columns: list[Column], data: list[Line], split: int) -> int | None:
    """The first column of the expenditure side: the label column at or left of the group label
    (a header printed a cell off: "项目 | 支出 | 预算" over "一、一般公共服务支出 | | 8,295.28");
    None when no label column lies right of the income side's (not two-sided after all)."""
    labels = label_columns(columns, data)
    if len(labels) < 2:
        return None
    right = [i for i in labels[1:] if i <= split]
    if right:
        return right[-1]
    after = [i for i in labels[1:] if i > split]
    return split if after else None


@dataclass
class _Pair:
    label: int
    measures: dict[int, str | None]
    names: NameTrail = field(default_factory=NameTrail)
    parent: ItemSpec | None = None
    system: str = "func"
    section_measure: str | None = None  # the measure the 类 rows under a section item break down


def _amount_columns(data: list[Line]) -> set[int]:
    return {i for line in data for i, text in enumerate(line.cells) if parse_amount(text) is not None}


def _pairs(builder: FactBuilder, side_columns: list[Column], labels: list[int], data: list[Line]) -> list[_Pair]:
    """The (label, value columns) pairs of one side. Value columns are the ones printing numbers:
    a header cell printed a column off ("收入 | 预算 |" over "| | 9,433.72") names no column of its own."""
    year = builder.meta.year
    pairs = []
    printed = _amount_columns(data)
    own = [i for i in labels if side_columns and side_columns[0].index <= i <= side_columns[-1].index]
    for position, label in enumerate(own or [side_columns[0].index]):
        limit = own[position + 1] if position + 1 < len(own) else side_columns[-1].index + 1
        values = [c for c in side_columns if label < c.index < limit and c.role is None and c.index in printed]
        measures = {c.index: ("amount" if len(values) == 1 else measure_of(c, year)) for c in values}
        for column in values:
            if measures[column.index] is None:
                builder.finding("column_unmapped", "error", f"column {column.joined!r} has no measure code; its cells are not loaded")
        system = code_system(columns_by_index(side_columns).get(label, "")) or "func"
        pairs.append(_Pair(label, measures, NameTrail(system), system=system))
    return pairs


def columns_by_index(columns: list[Column]) -> dict[int, str]:
    return {c.index: c.joined for c in columns}


def normalize_two_sided(builder: FactBuilder, columns: list[Column], data: list[Line], split: int) -> None:
    labels = label_columns(columns, data)
    for side, side_columns in (("income", columns[:split]), ("expenditure", columns[split:])):
        pairs = _pairs(builder, side_columns, labels, data)
        for line in data:
            carried = ""
            for pair in pairs:
                label = cell(line, pair.label)
                has_value = builder.has_value(line, list(pair.measures))
                if not label and has_value and carried:
                    label = carried
                carried = label if label and not has_value else ""
                _read_row(builder, pair, line, label, side, has_value)


def _read_row(builder: FactBuilder, pair: _Pair, line: Line, label: str, side: str, has_value: bool) -> None:
    if not label:
        if has_value:
            builder.finding("row_unlabelled", "error", f"{side} numbers printed on a row without a label; not loaded", line)
        return
    parent = pair.parent
    spec = item_for(label, builder.table.kind, side, parent)
    if spec is None or spec.code not in (parent.children.values() if parent else ()):
        pair.parent = spec if spec and spec.children else (None if compact(label).startswith(_TOP_ENUMERATION) else parent)
    target = {"item": spec.code} if spec else None
    if spec or compact(label).startswith(_TOP_ENUMERATION):
        pair.section_measure = _section_measures().get(spec.code) if spec else None
    if spec is None and side == "expenditure" and not is_section_label(label):
        amounts = [parse_amount(cell(line, i)) for i in pair.measures]
        resolution = pair.names.resolve(label, next((a for a in amounts if a is not None), None))
        if resolution.code:
            target = {f"{pair.system}_code": resolution.code}
            if has_value and resolution.how != "printed":
                builder.finding(f"code_{resolution.how}", "info", resolution.detail, line, label)
        elif has_value and pair.names.path and unlisted_item(pair.system, line, pair.names.path):
            # a name no code in context has: a labelled row keyed by its printed path (issue 14)
            builder.finding("class_unlisted", "info", labelled_finding_detail(pair.names, label, builder.meta.year), line, label)
            return _emit(builder, pair, line, pair.names.path, {"item": unlisted_item(pair.system)}, keyed=True)
        elif has_value:
            builder.finding("row_unmapped", "error", f"expenditure row {label!r} matches no item and no 功能分类 code "
                            f"in context ({resolution.detail}); its numbers are not loaded", line, label)
        return _emit(builder, pair, line, label, target)
    if spec is None and has_value and not is_section_label(label):
        builder.finding("row_unmapped", "error", f"{side} row {label!r} matches no item; its numbers are not loaded", line, label)
    _emit(builder, pair, line, label, target)


def _emit(builder: FactBuilder, pair: _Pair, line: Line, label: str, target: dict | None, keyed: bool = False) -> None:
    if target is None:
        return
    for index, measure in pair.measures.items():
        if measure == "amount" and pair.section_measure and "item" not in target:
            measure = pair.section_measure
        if measure:
            builder.emit(line, index, measure, label=label, keyed_by_label=keyed, **target)
