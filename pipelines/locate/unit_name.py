"""The reporting unit's name, read from the text only (never the file name or PDF metadata).

Candidates come from several places — the title block of the first page ("国家信访局2026年度部门预算"),
labelled lines and cells ("预算单位：…", "部门：…单位：万元", a 部门名称 cell and the cell after it) and
headings ("第二部分 苏州市审计局2026年度部门预算表") — each cleaned of page numbers, dates, section and
table words and qualifier brackets (reference/report_words.yaml). Only a name ending like an
organisation is kept; the name with the highest weighted count wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipelines.model import Line, SourceDocument
from pipelines.reference import load_csv, load_yaml
from pipelines.textnorm import compact

_TITLE_PAGES = 2
_TITLE_LINES = 6
_HEADING_CHARS = 40
_MIN_CHARS, _MAX_CHARS = 3, 40
_YEAR_STAGE = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?:部门|单位)?(?:综合|汇总)?(?:预算|决算)")
_SENTENCE = re.compile(r"[:：。、,，;；%！!？?]")
_LEAD_IN = re.compile(r"^(?:纳入|列入|包括|其中|从|按照|根据|关于)")
_BRACKET = re.compile(r"\(([^()]*)\)")
_STOP = re.compile(r"^(?:目录|目次)$|^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分)")


@dataclass(frozen=True)
class Candidate:
    name: str
    place: str  # title | label | heading
    page: int
    label: str | None = None  # the label a "label" candidate was printed after (部门名称, 预算单位 …)


@lru_cache(maxsize=1)
def _words() -> dict:
    words = dict(load_yaml("report_words.yaml")["unit_name"])
    words["noise"] = tuple(re.compile(p) for p in words["noise_patterns"])
    words["sections"] = tuple(sorted(words["section_words"], key=len, reverse=True))
    labels = "|".join(sorted(map(re.escape, words["labels"]), key=len, reverse=True))
    words["label_re"] = re.compile(rf"^({labels})[:：](.*)$")
    words["bare_label_re"] = re.compile(rf"^({labels})[:：]?$")
    words["money_unit_re"] = re.compile(r"(?:金额)?单位[:：].*$")
    return words


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    rows = load_csv("regions.csv")
    return frozenset({r["province"] for r in rows} | {r["city"] for r in rows})


def _is_region(prefix: str) -> bool:
    """"江苏省", "内蒙古自治区包头市": only province and city names."""
    for name in sorted(_region_names(), key=len, reverse=True):
        if prefix.startswith(name):
            return prefix == name or _is_region(prefix[len(name):])
    return False


def _drop_qualifiers(name: str) -> str:
    qualifiers = sorted(_words()["qualifier_words"], key=len, reverse=True)

    def keep(match: re.Match) -> str:
        rest = match.group(1)
        for word in qualifiers:
            rest = rest.replace(word, "")
        return "" if not rest else match.group(0)

    return _BRACKET.sub(keep, name)


def _undouble(name: str) -> str:
    """"苏州市审计局苏州市审计局" → "苏州市审计局" (a title printed twice on the cover)."""
    half = len(name) // 2
    return name[:half] if len(name) % 2 == 0 and half and name[:half] == name[half:] else name


def clean_name(text: str) -> str:
    """A candidate without page numbers, dates, years, table and section words, qualifier brackets."""
    words = _words()
    name = compact(text)
    for pattern in words["noise"]:
        name = pattern.sub("", name)
    name = _drop_qualifiers(name)
    for word in words["sections"]:
        name = name.replace(word, "")
    name = _drop_qualifiers(name)  # "(本级)" is only bare once the section words are gone
    for pattern in words["noise"]:
        name = pattern.sub("", name)
    return _undouble(name.strip(":：、,，.。-—"))


def is_unit_name(name: str) -> bool:
    """Ends like an organisation, is not a bare region, carries no header word."""
    words = _words()
    bare = _BRACKET.sub("", name)
    return (_MIN_CHARS <= len(name) <= _MAX_CHARS
            and bare.endswith(tuple(words["suffixes"]))
            and bare not in _region_names()
            and not any(w in name for w in words["not_names"]))


def _title_block(lines: Iterable[Line]) -> Iterator[Line]:
    """The first lines of the first pages, up to the table of contents, a list heading or a table."""
    taken = 0
    for line in lines:
        cells = [c for c in line.cells if c.strip()]
        text = compact(line.text)
        if line.page > _TITLE_PAGES or taken == _TITLE_LINES or _STOP.match(text) or len(cells) > 1:
            return
        if not text or ":" in text or "：" in text:
            if text:
                return
            continue
        taken += 1
        yield line


def _title_candidates(source: SourceDocument) -> Iterator[Candidate]:
    block = list(_title_block(source.lines))
    if not block:
        return
    joined = clean_name("".join(compact(l.text) for l in block))
    if is_unit_name(joined):  # a name wrapped over two lines ("福州市公安局文职人员" | "管理中心单位预算")
        yield Candidate(joined, "title", block[0].page)
        return
    for line in block:  # else each line on its own
        yield Candidate(clean_name(line.text), "title", line.page)


def _label_value(cells: list[str]) -> Iterator[tuple[str, str]]:
    words = _words()
    for i, cell in enumerate(cells):
        found = words["label_re"].match(cell)
        bare = words["bare_label_re"].match(cell)
        if found:
            yield found.group(1), words["money_unit_re"].sub("", found.group(2))
        elif bare and i + 1 < len(cells):
            yield bare.group(1), cells[i + 1]


def _label_candidates(source: SourceDocument) -> Iterator[Candidate]:
    for line in source.lines:
        cells = [compact(c) for c in line.cells if c.strip()]
        if len(cells) > 1:
            cells.append("".join(cells))  # a label split from its value by the reader
        for label, value in _label_value(cells):
            yield Candidate(clean_name(value), "label", line.page, label)


def _heading_candidates(source: SourceDocument) -> Iterator[Candidate]:
    """"XX2026年度部门预算…" lines: the name printed before the year and stage."""
    for line in source.lines:
        cells = [c for c in line.cells if c.strip()]
        text = compact(line.text)
        if len(cells) != 1 or len(text) > _HEADING_CHARS:
            continue
        found = _YEAR_STAGE.search(text)
        if found and found.start() > 0:
            before = _SENTENCE.split(text[: found.start()])[-1]  # "注：国家信访局…" → "国家信访局…"
            yield Candidate(clean_name(_LEAD_IN.sub("", before)), "heading", line.page)


def unit_candidates(source: SourceDocument) -> list[Candidate]:
    """Every unit name the text offers, cleaned; names that are not organisations left out."""
    found = [*_title_candidates(source), *_label_candidates(source), *_heading_candidates(source)]
    return [c for c in found if is_unit_name(c.name)]


def choose_unit_name(candidates: list[Candidate]) -> str | None:
    """The best-supported name: weights summed per name; a name that is the end of a longer one
    ("高级人民法院" in "江苏省高级人民法院") counts for the longer one; ties go to the longer name."""
    weights = _words()["weights"]
    scores: Counter[str] = Counter()
    for candidate in candidates:
        scores[candidate.name] += weights[candidate.place]
    for short in list(scores):
        longer = [n for n in scores if n != short and n.endswith(short) and _is_region(n[: -len(short)])]
        if len(longer) == 1:
            scores[longer[0]] += scores[short]
    if not scores:
        return None
    return max(scores, key=lambda n: (scores[n], len(n)))


def read_unit_name(source: SourceDocument) -> str | None:
    return choose_unit_name(unit_candidates(source))
