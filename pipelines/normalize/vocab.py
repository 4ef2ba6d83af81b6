"""Vocabularies from reference/: measure codes for column headers, item codes for row labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from pipelines.reference import load_yaml
from pipelines.textnorm import compact, strip_enumeration

_COLUMN_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff)])\d{1,2}$")
_YEAR_FIGURE = re.compile(r"^((?:19|20)\d{2})年(.+)$")
# "401003-包头市社会保险事业服务中心": six digits, then a name that does not start with a digit
# (a 7-digit 功能分类 code "2010501" is not unit 201050 named "1")
_UNIT_ROW = re.compile(r"^(\d{6})[-－—]?(\D.*)$")
_CAPTION = re.compile(r"^([^:：]+)[:：]")
SUBTOTAL_WORDS = {"合计", "小计", "总计"}
_FUZZY_MIN_CHARS = 6
_FUZZY_MIN_RATIO = 0.85


def header_text(cell: str) -> str:
    """A header cell's comparable text: compacted, without its column number ("金额1")."""
    text = compact(cell).replace("栏次", "")
    return _COLUMN_NUMBER.sub("", text)


@lru_cache(maxsize=1)
def _measures() -> dict:
    return load_yaml("measures.yaml")


@lru_cache(maxsize=1)
def _measure_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, spec in _measures()["measures"].items():
        for synonym in spec["synonyms"]:
            table.setdefault(compact(synonym), code)
    return table


def measure_codes() -> dict[str, str]:
    """All measure codes with their Chinese labels."""
    return {code: spec["label"] for code, spec in _measures()["measures"].items()}


def measure_for(text: str, report_year: int | None = None) -> str | None:
    """The measure a header text names ("本年收入合计" → total; "2024年执行数" → prior_final)."""
    text = strip_enumeration(header_text(text))
    year = _YEAR_FIGURE.match(text)
    if year and report_year:
        figure = _measures()["year_qualified"].get(year.group(2))
        if figure:
            offset = report_year - int(year.group(1))
            return {0: figure["same_year"], 1: figure["prior_year"]}.get(offset)
        if int(year.group(1)) == report_year:  # "2026年政府采购项目" in a 2026 report: named by the rest
            return _measure_synonyms().get(year.group(2))
    return _measure_synonyms().get(text) or _closest_measure(text)


def _closest_measure(text: str) -> str | None:
    # OCR drops characters from header cells ("府性基金预算财政拨款"): accept a clear nearest synonym.
    if len(text) < _FUZZY_MIN_CHARS:
        return None
    scored = sorted(
        ((SequenceMatcher(None, text, synonym).ratio(), code) for synonym, code in _measure_synonyms().items()
         if abs(len(synonym) - len(text)) <= 2),
        reverse=True,
    )
    if not scored or scored[0][0] < _FUZZY_MIN_RATIO:
        return None
    if len(scored) > 1 and scored[1][1] != scored[0][1] and scored[0][0] - scored[1][0] < 0.05:
        return None
    return scored[0][1]


def measure_prefix(group_text: str) -> str:
    """Prefix a group header adds to the measures below it ("一般公共预算财政拨款" → gpb_)."""
    text = strip_enumeration(header_text(group_text))
    return _measures()["group_prefixes"].get(text, "")


def unit_column_role(texts: tuple[str, ...]) -> str | None:
    """unit_code | unit_name when one of a column's header cells is exactly a unit-column header."""
    roles = _measures()["roles"]
    for role in ("unit_code", "unit_name"):
        words = {compact(w) for w in roles[role]}
        if any(header_text(t) in words for t in texts):
            return role
    return None


def is_caption(cell: str) -> bool:
    """A "单位名称:广州市统计局" / "金额单位:万元" caption printed inside the header rows."""
    found = _CAPTION.match(compact(cell))
    return bool(found) and found.group(1) in {compact(w) for w in _measures()["roles"]["caption"]}


def column_role(text: str) -> str | None:
    """code | name | line_no | label | note for non-value header texts, else None."""
    text = header_text(text)
    roles = _measures()["roles"]
    if text in roles["note"]:
        return "note"
    if any(word in text for word in roles["name"]):
        return "name"
    if text in roles["line_no"]:
        return "line_no"
    if any(word in text for word in roles["code"]) or code_system(text):
        return "code"
    if text in roles["label"]:
        return "label"
    return None


def code_system(text: str) -> str | None:
    """func | econ | gov_econ: the classification a code column's header names ("政府支出经济分类科目"
    → gov_econ), else None (a header that says only 科目编码)."""
    text = header_text(text)
    for system, words in _measures()["roles"]["code_system"].items():
        if any(word in text for word in words):
            return system
    return None


def code_part_level(text: str) -> int | None:
    """1, 2, 3 for a header cell naming one level of a split code (类, 款, 项), else None."""
    parts = _measures()["roles"]["code_part"]
    text = header_text(text)
    return parts.index(text) + 1 if text in parts else None


def names_code(text: str) -> bool:
    """A header text that says its column(s) hold classification codes ("功能分类科目编码")."""
    return any(word in header_text(text) for word in _measures()["roles"]["code"])


@dataclass(frozen=True)
class ItemSpec:
    code: str
    side: str | None
    table: str | None
    kind: str | None
    uom: str
    children: dict[str, str]


@lru_cache(maxsize=1)
def _items() -> tuple[dict[str, ItemSpec], dict[str, list[ItemSpec]], frozenset[str]]:
    raw = load_yaml("items.yaml")
    specs: dict[str, ItemSpec] = {}
    by_label: dict[str, list[ItemSpec]] = {}
    for code, spec in raw["items"].items():
        item = ItemSpec(
            code=code,
            side=spec.get("side"),
            table=spec.get("table"),
            kind=spec.get("kind"),
            uom=spec.get("uom", "wan_yuan"),
            children={compact(k): v for k, v in (spec.get("children") or {}).items()},
        )
        specs[code] = item
        for label in spec["labels"]:
            by_label.setdefault(compact(label), []).append(item)
    sections = frozenset(compact(s) for s in raw["section_labels"])
    return specs, by_label, sections


def item_spec(code: str) -> ItemSpec:
    return _items()[0][code]


def label_key(label: str) -> str:
    return strip_enumeration(compact(label))


def is_section_label(label: str) -> bool:
    return label_key(label) in _items()[2]


def item_for(label: str, table_kind: str, side: str | None = None, parent: ItemSpec | None = None) -> ItemSpec | None:
    """The item a row label names in a table of this kind (and side of a two-sided table)."""
    key = label_key(label)
    if parent and key in parent.children:
        return item_spec(parent.children[key])
    candidates = [
        spec for spec in _items()[1].get(key, [])
        if (side is None or spec.side in (None, side)) and spec.table in (None, table_kind)
    ]
    candidates.sort(key=lambda spec: (spec.table != table_kind, spec.side != side))
    return candidates[0] if candidates else None


def unit_row(label: str) -> tuple[str, str] | None:
    """(unit_code, unit_name) of a row printed as "401003-包头市社会保险事业服务中心"."""
    found = _UNIT_ROW.match(compact(label))
    return (found.group(1), found.group(2)) if found else None


def prior_year_variant(measure: str | None) -> str | None:
    """The measure of the same figure a year earlier (final → prior_final), None when it has none."""
    return _measures().get("prior_year_variants", {}).get(measure) if measure else None


def derived_header(text: str) -> bool:
    """A header naming a difference or a rate of other columns (增减额, 增减(%), 增长率)."""
    key = strip_enumeration(header_text(text))
    return any(key.endswith(compact(word)) for word in _measures().get("derived_columns", ()))
