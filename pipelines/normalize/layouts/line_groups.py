"""Which rows of a line list head the lines below them (group rows), and which open group rows hold a new one.

A group row is one of (first that applies):
- a 经费形式 row (project_groups.yaml funding_forms: 西安 "1 | 全额"), the top of the tree;
- a unit row: it prints a 单位编码 (西安 204001), or its only label is a unit the report itself names: its own unit
  (深圳市财政局(本级)) or a unit of its by-unit tables (收入总表 / 支出总表 unit rows, 基本支出 unit sections: the
  ``units`` the report's other tables were keyed by; 广州 表12 prints 广州市统计监测中心(广州市统计发展中心) by name only);
- a 项目类别 row (project_groups.yaml categories, level 1 专用项目/通用项目 over level 2 其他履职尽责专项业务费 …);
- the row right after a level-L category row, when the table prints level-L+1 categories elsewhere: a category of that
  level heads the projects under a level-L one wherever the table has that level (西安 204001 专用项目 882,575,000 =
  “西安友谊奖”外国专家奖励 300,000 + 其他履职尽责专项业务费 882,275,000). Its reason travels as a finding.
Nothing is guessed from a name's shape: a label that is neither a unit the report names nor a listed 类别 is a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipelines.normalize.layouts.coded import own_unit_name
from pipelines.normalize.vocab import label_key
from pipelines.reference import load_yaml


@dataclass(frozen=True)
class GroupTag:
    """What a group row heads: rank funding | unit | category (with its level), and the unit code it prints."""

    rank: str
    level: int = 0
    code: str = ""
    from_position: bool = False


@lru_cache(maxsize=None)
def _vocabulary(name: str | None) -> tuple[frozenset[str], dict[str, int]]:
    """(经费形式 labels, 项目类别 label → level) of the spec's group_vocabulary file; none without one."""
    if not name:
        return frozenset(), {}
    data = load_yaml(name)
    levels = {label_key(label): int(level) for level, labels in data["categories"].items() for label in labels}
    return frozenset(label_key(label) for label in data["funding_forms"]), levels


def category_levels(labels: list[str], spec: dict) -> set[int]:
    """The 项目类别 levels a table prints (by the vocabulary), when its spec reads them."""
    levels = _vocabulary(spec.get("group_vocabulary"))[1]
    return {levels[label_key(text)] for text in labels if label_key(text) in levels}


def group_tag(texts: list[str], code: str, spec: dict, units: frozenset[str], report_unit: str | None,
              after: GroupTag | None, printed_levels: set[int]) -> GroupTag | None:
    """The tag of a row of a list whose spec names no leaf column (None: a line). ``texts`` are its printed key
    cells, ``code`` its 单位编码, ``after`` the tag of the row right above it (None when a line or none)."""
    label = label_key(texts[0]) if len(texts) == 1 else ""
    if len(texts) == 2 and code and texts[0] == code:
        label = label_key(texts[1])
    funding, levels = _vocabulary(spec.get("group_vocabulary"))
    if label and label in funding:
        return GroupTag("funding", code=code)
    if code:
        return GroupTag("unit", code=code)
    if len(texts) == 1 and _names_a_unit(texts[0], units, report_unit):
        return GroupTag("unit")
    if label in levels:
        return GroupTag("category", levels[label])
    if after is not None and after.rank == "category" and after.level + 1 in printed_levels:
        return GroupTag("category", after.level + 1, from_position=True)
    return None


def _names_a_unit(text: str, units: frozenset[str], report_unit: str | None) -> bool:
    name = own_unit_name(text)
    return bool(name) and (name == own_unit_name(report_unit or "") or name in {own_unit_name(u) for u in units})


def encloses(outer: GroupTag, row: GroupTag, consecutive: bool) -> bool:
    """Whether the open group row ``outer`` stays over the new group row ``row``: a 经费形式 over units, a unit over
    its 类别, a shallower 类别 over a deeper one; a unit over a unit printed right below it, or one whose code
    extends its own (西安 125 over 125001 … 125002, unit codes being hierarchical)."""
    if row.rank == "funding":
        return False
    if row.rank == "category":
        return outer.rank != "category" or outer.level < row.level
    if outer.rank == "category":
        return False
    if outer.rank == "funding" or consecutive:
        return True
    return bool(row.code and outer.code and row.code.startswith(outer.code) and row.code != outer.code)
