"""Text normalisation shared by every stage.

PDF text layers map characters to radical code points ("⼀" U+2F00 for 一, "⻔" U+2ED4 for 门).
NFKC folds the Kangxi radicals but not the CJK Radicals Supplement, so both are applied before
any title, label or number is matched. Raw text is kept elsewhere for lineage.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipelines.reference import load_csv

_MARKS = re.compile(r"</?b>|\*\*|__|^#+\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    return {ord(row["radical"]): row["ideograph"] for row in load_csv("radicals.csv")}


@lru_cache(maxsize=1 << 16)  # reports repeat the same labels and cells; matching calls this a lot
def normalize_text(text: str) -> str:
    """NFKC plus the radical→ideograph map; extraction marks removed; outer spaces stripped."""
    text = unicodedata.normalize("NFKC", text).translate(_radical_table())
    return _MARKS.sub("", text.strip()).strip()


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """Normalised text without any whitespace or quotes: the form used for matching."""
    return _SPACES.sub("", normalize_text(text)).translate(_QUOTES)


_ENUMERATION = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十百]+[、.．]"  # 一、 二、
    r"|\([一二三四五六七八九十]+\)"  # (一)
    r"|\(\d+\)"  # (1)
    r"|\d+[、.．](?!\d)"  # 1、 1.
    r"|[①-⑳]"
    r")+"
)
_SUCH_AS = re.compile(r"^(?:其中|含)[:：]?")
# A stray row or page digit before a bracketed number ("1(一)一般公共预算资金").
_STRAY_DIGIT = re.compile(r"^\d+(?=\([一二三四五六七八九十]+\))")
# Some WPS exports move the enumeration's punctuation behind the text: "一一般公共服务支出、",
# "七住房保障支出()", "一一般公共服务支出)(" for "一、…" / "(七)…". The leading number is
# removed only with such a trailing mark, and never the 一 of 一般.
_MOVED_ENUMERATION = re.compile(
    r"^(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九](?!般))(.+?)(?:、|\(\)|\)\()$"
)


@lru_cache(maxsize=1 << 14)
def strip_enumeration(label: str) -> str:
    """Remove a leading list number ("一、", "(一)", "1.", "其中:") from a compacted label."""
    moved = _MOVED_ENUMERATION.match(label)
    if moved:
        label = moved.group(1)
    previous = None
    while previous != label:
        previous = label
        label = _SUCH_AS.sub("", _ENUMERATION.sub("", _STRAY_DIGIT.sub("", label)))
    return label
