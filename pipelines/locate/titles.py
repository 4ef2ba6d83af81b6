"""Match a line against the standard table titles (reference/table_kinds.yaml).

Titles are matched exactly against the aliases after compaction and removal of numbering; a title no
alias names is identified by its words (`keyword_rules`: 一般公共预算 + 基本支出 → gpb_basic_expenditure,
whatever the unit name, year, 部门/单位/市级 qualifiers and numbering around them); OCR-damaged titles
("府性基金预算…", a dropped character) match by similarity when one kind is clearly closest; a line read by
OCR that neither that nor the words identify may be further from its alias (`ocr.title_fuzzy_min_ratio` in
pdf_reader.yaml: one misread character in an 8-character title is a ratio of 0.875); an OCR'd title matched
by similarity is recorded on its table (extract.title_fuzzy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from pipelines.reference import load_yaml
from pipelines.textnorm import compact, strip_enumeration

_NUMBERING = re.compile(
    r"^(?:(?:附表|表)(?:\d+(?:-\d+)?|[一二三四五六七八九十]+)[:：、.．]?|公开\d+表|部门公开表\d+|预算公开表\d+"
    r"|[A-Za-z]?\d+(?:-\d+)?[、.．:]|\d{2,4}年度?)"
)
_YEAR_SUFFIX = re.compile(r"\(?\d{2,4}年度?\)?$")
_TRAILING_NUMBER = re.compile(r"(?:公开\d+表|表\d+)$")
_TRAILING_REMARK = re.compile(r"(?:\([^()]{1,24}\))+$")  # "(按功能分类)", "(一级项目)", "(工资福利支出)(按…分类)"
# What a contents line prints after its title: a dot leader, the page number, a Word field left as text
# ("收入决算表 PAGEREF _Toc4418 h 22", 泸州市中医医院 2023 目录), a page range "(2-5)".
_PAGE_REFERENCE = re.compile(
    r"(?:[.．…·・]{2,}|-{3,})?(?:PAGEREF\\?_?Toc\w*?\\?h)?(?:\(?\d{1,3}(?:-\d{1,3})?\)?)?$", re.IGNORECASE)
# A sub-title after the table's own name: "一般公共预算基本支出表--人员经费(工资福利支出)" (新晃 2024 部门预算)
_SUBTITLE = re.compile(r"(?<=表)(?:-{1,2}|—{1,2})[^表]{1,30}$")
FUZZY_MIN_RATIO = 0.88
FUZZY_MIN_MARGIN = 0.03
MAX_TITLE_CHARS = 48
_SENTENCE_END = re.compile(r"[。;!?]")  # compacted 。；！？: a title is never a sentence


@dataclass(frozen=True)
class TitleMatch:
    kind: str
    alias: str  # the alias matched, or "words: …" naming the keyword rule
    score: float  # 1.0 exact alias or keyword rule; the similarity of a fuzzy match


@dataclass(frozen=True)
class KeywordRule:
    kind: str
    groups: tuple[tuple[str, ...], ...]  # each group needs one of its words in the title
    excluded: tuple[str, ...]

    def matches(self, text: str) -> bool:
        return all(any(w in text for w in group) for group in self.groups) and not any(w in text for w in self.excluded)

    @property
    def name(self) -> str:
        return "words: " + " + ".join("|".join(g) for g in self.groups)


@lru_cache(maxsize=1)
def _keyword_rules() -> tuple[KeywordRule, ...]:
    spec = load_yaml("table_kinds.yaml")
    classes = {name: tuple(compact(w) for w in words)
               for name, words in {**spec["classifier_words"], **spec.get("title_words", {})}.items()}
    return tuple(
        KeywordRule(
            kind=rule["kind"],
            groups=tuple(classes.get(g[0]) if len(g) == 1 and g[0] in classes else tuple(compact(w) for w in g)
                         for g in rule["all"]),
            excluded=tuple(compact(w) for w in rule.get("none", [])),
        )
        for rule in spec["keyword_rules"]
    )


def classification_named(text: str) -> str | None:
    """"func" or "econ" when a title or header names one classification only ("(按经济分类)")."""
    spec = load_yaml("table_kinds.yaml")["classifier_words"]
    text = compact(text)
    named = [name for name, words in spec.items() if any(compact(w) in text for w in words)]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=1)
def _aliases() -> tuple[tuple[str, str], ...]:
    kinds = load_yaml("table_kinds.yaml")["kinds"]
    return tuple(
        (kind, compact(alias)) for kind, spec in kinds.items() for alias in spec["aliases"]
    )


def title_key(text: str) -> str:
    """The comparable form of a candidate title line."""
    key = compact(text)
    key = _PAGE_REFERENCE.sub("", key) if re.search(r"[表)]", key) else key
    for _ in range(3):
        key = _NUMBERING.sub("", strip_enumeration(key))
        key = _TRAILING_NUMBER.sub("", _YEAR_SUFFIX.sub("", key))
    return key


@lru_cache(maxsize=1)
def ocr_fuzzy_threshold() -> tuple[float, int]:
    """The similarity an OCR'd title needs to its alias and the characters it needs to have for that
    (pdf_reader.yaml `ocr.title_fuzzy_min_ratio`, `ocr.title_fuzzy_min_chars`)."""
    config = load_yaml("pdf_reader.yaml")["ocr"]
    return float(config["title_fuzzy_min_ratio"]), int(config["title_fuzzy_min_chars"])


def match_title(text: str, ocr: bool = False) -> TitleMatch | None:
    """The standard table a title line names, or None; `ocr`: the line was read by OCR (a lower fuzzy
    threshold, never for text, vector or HTML lines)."""
    key = title_key(text)
    if not key or len(key) > MAX_TITLE_CHARS or not _SUBTITLE.sub("", _TRAILING_REMARK.sub("", key)).endswith("表"):
        return None
    if _SENTENCE_END.search(key):
        # a narrative line ending one sentence and running into a heading ("…及其他费用支出。 第四部分
        # 公开报表", shaanxi-xakjj-2022 p39) opens no table, whatever words it holds
        return None
    for kind, alias in _aliases():
        if key == alias:
            return TitleMatch(kind, alias, 1.0)
    best: dict[str, tuple[float, str]] = {}
    for kind, alias in _aliases():
        if abs(len(alias) - len(key)) > 3:
            continue
        ratio = SequenceMatcher(None, key, alias).ratio()
        if ratio > best.get(kind, (0.0, ""))[0]:
            best[kind] = (ratio, alias)
    ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
    clear = bool(ranked) and (len(ranked) == 1 or ranked[0][1][0] - ranked[1][1][0] >= FUZZY_MIN_MARGIN)
    if clear and ranked[0][1][0] >= FUZZY_MIN_RATIO:
        kind, (ratio, alias) = ranked[0]
        return TitleMatch(kind, alias, round(ratio, 3))
    # no alias is close: the title's words decide (an OCR'd alias is matched above, before its
    # damaged words could name another kind)
    worded = next((TitleMatch(rule.kind, rule.name, 1.0) for rule in _keyword_rules() if rule.matches(key)), None)
    ocr_ratio, ocr_chars = ocr_fuzzy_threshold()
    if worded is None and ocr and clear and len(key) >= ocr_chars and ranked[0][1][0] >= ocr_ratio:
        # only what a text line would not identify at all: an OCR'd line is never identified otherwise
        kind, (ratio, alias) = ranked[0]
        return TitleMatch(kind, alias, round(ratio, 3))
    return worded
