"""Narrative paragraphs: prose lines a PDF wrapped, joined back into the sentences they print.

A PDF prints "2026 年支出预算 44169.36 万元,比 2025 年年初预算数" on one line and "44021.20 万元增加
148.16 万元,增长 0.34%。" on the next (beijing-czj-text-2026-budget.pdf p7 lines 132-133): a claim
matched line by line is lost. A paragraph runs over consecutive prose lines (page-number lines such
as "- 7 -" skipped, so a sentence continues over a page break) and ends at a line ending in
sentence punctuation, a line clearly narrower than the page's full lines (digits count half an ideograph), a line starting an
enumeration ("二、", "(一)", "1."), or a table row. Each paragraph keeps, per character of its
compacted text, the line it came from, so a claim points at its own line and page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipelines.model import Line
from pipelines.textnorm import compact

_PAGE_NUMBER = re.compile(r"^(?:-\d+-|—\d+—|第\d+页(?:共\d+页)?|\d{1,3})$")
_ENDS = tuple("。;；!！?？:：")
_STARTS = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十\d]+\)|\d+[、.．](?!\d)|第[一二三四五六七八九十]+部分)")
_FULL_SHARE = 0.8  # a line shorter than this share of the page's longest prose line ends its paragraph
# …unless it stops on a word its figure must follow and the next line starts with that figure ("…决算数比2024年度增加" |
# "5.07万元，增长42.68%": GovBudgetChecker golden DOC-20260905-001 p26 as its tests reproduce it)
_WANTS_FIGURE = re.compile(r"(?:增加|减少|增长|下降|上升|降低|为|比|较|约|共计|合计)$")
_FIGURE = re.compile(r"^\d")


@dataclass(frozen=True)
class Paragraph:
    text: str  # compacted (pipelines.textnorm.compact) and joined
    starts: tuple[int, ...]  # offset in text where each line begins
    lines: tuple[Line, ...]

    def line_at(self, offset: int) -> Line:
        """The line holding character `offset` of the text."""
        return self.lines[max(bisect_right(self.starts, offset) - 1, 0)]


def paragraphs(lines: tuple[Line, ...], skip: set[int]) -> list[Paragraph]:
    """The paragraphs of the prose lines; a row or a line in `skip` (the located tables') breaks one."""
    compacted = [(line, "" if line.is_row or line.number in skip else compact(line.text)) for line in lines]
    widest: dict[int, float] = {}
    for line, text in compacted:
        if text:
            widest[line.page] = max(widest.get(line.page, 0), _width(text))
    found: list[Paragraph] = []
    current: list[tuple[Line, str]] = []
    for line, text in compacted:
        if not text and (line.is_row or line.number in skip):
            current = _flush(found, current)
            continue
        if not text or _PAGE_NUMBER.match(text):
            continue
        if current and (_STARTS.match(text) or not _continues(current[-1], widest, text)):
            current = _flush(found, current)
        current.append((line, text))
    _flush(found, current)
    return found


def _flush(found: list[Paragraph], current: list[tuple[Line, str]]) -> list:
    if current:
        found.append(_paragraph(current))
    return []


def _continues(last: tuple[Line, str], widest: dict[int, float], following: str) -> bool:
    line, text = last
    if text.endswith(_ENDS):
        return False
    return _width(text) >= _FULL_SHARE * widest.get(line.page, 0) or bool(
        _WANTS_FIGURE.search(text) and _FIGURE.match(following))


def _width(text: str) -> float:
    """Printed width in ideographs: digits and Latin letters take about half an ideograph's width."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


def _paragraph(members: list[tuple[Line, str]]) -> Paragraph:
    starts, offset = [], 0
    for _, text in members:
        starts.append(offset)
        offset += len(text)
    return Paragraph("".join(text for _, text in members), tuple(starts), tuple(line for line, _ in members))
