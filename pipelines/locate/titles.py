"""Match a line against the standard table titles (aliases in reference/table_kinds.yaml).

Titles are matched exactly after compaction and removal of numbering; OCR-damaged titles
("府性基金预算…", a dropped character) match by similarity when one kind is clearly closest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from pipelines.reference import load_yaml
from pipelines.textnorm import compact, strip_enumeration

_NUMBERING = re.compile(
    r"^(?:附表\d+|公开\d+表|表\d+|部门公开表\d+|预算公开表\d+|[A-Za-z]?\d+(?:-\d+)?[、.．:]|\d{2,4}年度?)"
)
_YEAR_SUFFIX = re.compile(r"\(?\d{2,4}年度?\)?$")
_TRAILING_NUMBER = re.compile(r"(?:公开\d+表|表\d+)$")
FUZZY_MIN_RATIO = 0.88
FUZZY_MIN_MARGIN = 0.03
MAX_TITLE_CHARS = 48


@dataclass(frozen=True)
class TitleMatch:
    kind: str
    alias: str
    score: float


@lru_cache(maxsize=1)
def _aliases() -> tuple[tuple[str, str], ...]:
    kinds = load_yaml("table_kinds.yaml")["kinds"]
    return tuple(
        (kind, compact(alias)) for kind, spec in kinds.items() for alias in spec["aliases"]
    )


def title_key(text: str) -> str:
    """The comparable form of a candidate title line."""
    key = compact(text)
    for _ in range(3):
        key = _NUMBERING.sub("", strip_enumeration(key))
        key = _TRAILING_NUMBER.sub("", _YEAR_SUFFIX.sub("", key))
    return key


def match_title(text: str) -> TitleMatch | None:
    """The standard table a title line names, or None."""
    key = title_key(text)
    if not key or len(key) > MAX_TITLE_CHARS or not key.endswith("表"):
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
    if not ranked or ranked[0][1][0] < FUZZY_MIN_RATIO:
        return None
    if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < FUZZY_MIN_MARGIN:
        return None
    kind, (ratio, alias) = ranked[0]
    return TitleMatch(kind, alias, round(ratio, 3))
