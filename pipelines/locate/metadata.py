"""Detect what a report says about itself: unit, unit code, region, year, stage, scope.

Everything is read from the text (cover, title, headings, labelled lines, table titles and
preambles), never from the file name or the PDF's own metadata, and does not depend on which
table kinds were identified. Fail closed: a report whose unit, year or stage cannot be read is
rejected, not loaded with guesses.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipelines.errors import NarrativePart, NotAReport
from pipelines.locate.unit_name import _title_block, choose_unit_name, unit_candidates
from pipelines.model import LocatedTable, ReportMeta, SourceDocument
from pipelines.reference import load_csv, load_yaml
from pipelines.textnorm import compact

# A year that a report is about: "2026年(度)" followed, within a few characters, by a stage word
# ("2026年部门预算", "2019年部门综合预算收支总表", "2017年政府采购预算表"), or "(2026年度)" under a
# table title. Not "比2022年度决算" (a comparison) nor "2023年4月" (the publication date).
_YEAR_STAGE = re.compile(r"(?<!比)(?<!较)((?:19|20)\d{2})年度?(?!\d{0,2}月)[^\d年,，。;；]{0,12}?(?:预算|决算)")
_YEAR_ALONE = re.compile(r"^\(?((?:19|20)\d{2})年度?\)?$")
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})年")
_HEADING_CHARS = 40


@lru_cache(maxsize=1)
def _regions() -> tuple[tuple[str, str], ...]:
    return tuple((row["province"], row["city"]) for row in load_csv("regions.csv"))


def detect_region(*texts: str) -> str | None:
    """Province + city named in the unit name or title ("包头市…" → 内蒙古自治区包头市); a central
    department ("国家信访局") → 中央 (reference/report_words.yaml unit_key.central)."""
    text = "".join(texts)
    provinces = {p for p, _ in _regions() if p in text}
    for province, city in sorted(_regions(), key=lambda pc: -len(pc[1])):
        if city in text and (not provinces or province in provinces):
            return city if province == city else province + city
    if provinces:
        return sorted(provinces)[0]
    central = load_yaml("report_words.yaml")["unit_key"]["central"]
    return central["region"] if texts and texts[0].startswith(tuple(central["prefixes"])) else None


def _text_lines(source: SourceDocument) -> list[str]:
    """Lines that are one piece of text (a heading, a sentence, a title in a one-cell table row)."""
    return [compact(l.text) for l in source.lines if sum(1 for c in l.cells if c.strip()) == 1]


def _title(source: SourceDocument) -> str:
    return "".join(compact(l.text) for l in _title_block(source.lines))


def _headings(source: SourceDocument) -> str:
    return "|".join(t for t in _text_lines(source) if len(t) <= _HEADING_CHARS)


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


def _scope(source: SourceDocument, title: str, labels: Counter[str]) -> str:
    words = load_yaml("report_words.yaml")
    body = "".join(compact(l.text) for l in source.lines)
    counts = [int(n) for pattern in words["unit_count_patterns"] for n in re.findall(pattern, body)]
    if counts and max(counts) > 1:
        return "department_total"
    headings = _headings(source)
    for rule in words["scope_rules"]:
        if any(re.search(p, body) for p in rule.get("any_pattern", [])):
            return rule["scope"]
        if any(w in body for w in rule.get("any", [])):
            return rule["scope"]
        if any(w in title for w in rule.get("title_any", [])):
            return rule["scope"]
        if any(w in headings for w in rule.get("heading_any", [])):
            return rule["scope"]
        if labels and labels.most_common(1)[0][0] in rule.get("label_any", []):
            return rule["scope"]
    return "unit"


def _stage(title: str, tables: list[LocatedTable], source: SourceDocument) -> str | None:
    """The title's stage word, else the majority of table titles, else of short headings."""
    words = load_yaml("report_words.yaml")["stage_words"]
    for stage, stems in words.items():
        if any(stem in title for stem in stems):
            return stage
    votes = Counter(stage for t in tables for stage, stems in words.items() if any(s in t.title for s in stems))
    if not votes:
        votes = Counter(stage for text in _text_lines(source) if len(text) <= _HEADING_CHARS
                        for stage, stems in words.items() if any(re.search(s + r"\w{0,8}表", text) for s in stems))
    return votes.most_common(1)[0][0] if votes else None


def _year(source: SourceDocument, title: str) -> int | None:
    """The title's year, else the most frequent year of headings that name a stage."""
    for pattern in (_YEAR_STAGE, _ANY_YEAR):
        found = pattern.search(title)
        if found:
            return int(found.group(1))
    years: Counter[int] = Counter()
    for text in _text_lines(source):
        if len(text) > _HEADING_CHARS:
            continue
        found = _YEAR_STAGE.search(text) or _YEAR_ALONE.match(text)
        if found:
            years[int(found.group(1))] += 1
    return years.most_common(1)[0][0] if years else None


def read_report_meta(source: SourceDocument, tables: list[LocatedTable]) -> ReportMeta:
    """The report's own metadata read from its text; NotAReport when unit, year or stage is missing."""
    title = _title(source)
    candidates = unit_candidates(source)
    unit_name = choose_unit_name(candidates)
    labels = Counter(c.label for c in candidates if c.name == unit_name and c.label)
    year = _year(source, title)
    stage = _stage(title, tables, source)
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
        scope=_scope(source, title, labels),
        money_unit=units.most_common(1)[0][0] if units else None,
    )


def detect_report_meta(source: SourceDocument, tables: list[LocatedTable]) -> ReportMeta:
    """The report's metadata; a file without any standard table is rejected — as the narrative part
    of a report (NarrativePart, naming its unit, year and stage) when its text says which."""
    if tables:
        return read_report_meta(source, tables)
    try:
        meta = read_report_meta(source, tables)
    except NotAReport:
        raise NotAReport(source.path, "no standard budget/final-account table was found") from None
    raise NarrativePart(source.path, meta.unit_name, meta.year, meta.stage)
