"""Detect what a report says about itself: unit, unit code, region, year, stage, scope.

Fail closed: a report whose year or stage cannot be read is rejected, not loaded with guesses.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipelines.errors import NotAReport
from pipelines.locate.tables import money_unit_in
from pipelines.model import LocatedTable, ReportMeta, SourceDocument
from pipelines.reference import load_csv, load_yaml
from pipelines.textnorm import compact

_YEAR = re.compile(r"((?:19|20)\d{2})年")
_UNIT_LINE = re.compile(r"^(?:编制)?单位[:：](.+)$")
_TITLE_LINES = 3
_MIN_NAME_CHARS = 4  # "单位：万" (a money unit split over two lines) is not a unit name


def _title_block(source: SourceDocument) -> str:
    block: list[str] = []
    for line in source.lines[:12]:
        text = compact(line.text)
        if text in ("目录", "目次") or len(block) == _TITLE_LINES or ":" in text:
            break
        if not line.is_row:
            block.append(text)
    return "".join(block)


def _headings(source: SourceDocument) -> str:
    return "|".join(compact(l.text) for l in source.lines if not l.is_row and len(l.text) <= 40)


@lru_cache(maxsize=1)
def _regions() -> tuple[tuple[str, str], ...]:
    return tuple((row["province"], row["city"]) for row in load_csv("regions.csv"))


def detect_region(*texts: str) -> str | None:
    """Province + city named in the unit name or title ("包头市…" → 内蒙古自治区包头市)."""
    text = "".join(texts)
    provinces = {p for p, _ in _regions() if p in text}
    for province, city in sorted(_regions(), key=lambda pc: -len(pc[1])):
        if city in text and (not provinces or province in provinces):
            return city if province == city else province + city
    return next(iter(sorted(provinces)), None)


def _unit_name(source: SourceDocument, title: str) -> str | None:
    printed = Counter()
    for line in source.lines:
        found = _UNIT_LINE.match(compact(line.text)) if not line.is_row else None
        if found and money_unit_in(compact(line.text)) is None and len(found.group(1)) >= _MIN_NAME_CHARS:
            printed[found.group(1)] += 1
    if printed:
        return printed.most_common(1)[0][0]
    name = _YEAR.sub("", re.sub(r"((?:19|20)\d{2})年度", "", title))
    for word in load_yaml("report_words.yaml")["title_noise"]:
        name = name.replace(compact(word), "")
    return name or None


def _unit_code(source: SourceDocument, unit_name: str) -> str | None:
    names = {unit_name}
    region_free = re.sub(r"^.{2,8}?(?:省|自治区)", "", unit_name)
    names.add(region_free)
    pattern = re.compile(r"(\d{6})-?(?:" + "|".join(map(re.escape, names)) + r")")
    for line in source.lines:
        for cell in line.cells:
            found = pattern.search(compact(cell))
            if found:
                return found.group(1)
    return None


def _scope(source: SourceDocument, title: str) -> str:
    words = load_yaml("report_words.yaml")
    body = "".join(compact(l.text) for l in source.lines)
    for pattern in words["unit_count_patterns"]:
        counts = [int(n) for n in re.findall(pattern, body)]
        if counts and max(counts) > 1:
            return "department_total"
    headings = _headings(source)
    for rule in words["scope_rules"]:
        if any(w in body for w in rule.get("any", [])):
            return rule["scope"]
        if any(w in title for w in rule.get("title_any", [])):
            return rule["scope"]
        if any(w in headings for w in rule.get("heading_any", [])):
            return rule["scope"]
    return "unit"


def _stage(title: str, tables: list[LocatedTable]) -> str | None:
    words = load_yaml("report_words.yaml")["stage_words"]
    for stage, stems in words.items():
        if any(stem in title for stem in stems):
            return stage
    votes = Counter(
        stage for t in tables for stage, stems in words.items() if any(s in t.title for s in stems)
    )
    return votes.most_common(1)[0][0] if votes else None


def _year(source: SourceDocument, title: str) -> int | None:
    found = _YEAR.search(title)
    if found:
        return int(found.group(1))
    years = Counter(
        int(m.group(1))
        for line in source.lines
        if not line.is_row and len(line.text) <= 20
        for m in [_YEAR.search(compact(line.text))]
        if m
    )
    return years.most_common(1)[0][0] if years else None


def detect_report_meta(source: SourceDocument, tables: list[LocatedTable]) -> ReportMeta:
    """The report's own metadata, or NotAReport when year, stage or unit cannot be read."""
    if not tables:
        raise NotAReport(source.path, "no standard budget/final-account table was found")
    title = _title_block(source)
    unit_name = _unit_name(source, title)
    year = _year(source, title)
    stage = _stage(title, tables)
    missing = [n for n, v in (("unit name", unit_name), ("year", year), ("stage", stage)) if not v]
    if missing:
        raise NotAReport(source.path, "could not read the report's " + ", ".join(missing))
    units = Counter(t.money_unit for t in tables if t.money_unit)
    return ReportMeta(
        unit_name=unit_name,
        unit_code=_unit_code(source, unit_name),
        region=detect_region(unit_name, title),
        year=year,
        stage=stage,
        scope=_scope(source, title),
        money_unit=units.most_common(1)[0][0] if units else None,
    )
