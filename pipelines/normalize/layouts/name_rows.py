"""Codes of rows printed by name only ("一、一般公共服务支出 / 财政事务 / 行政运行 …": Zhejiang and Shenzhen
print 类, 款 and 项 this way, on the expenditure side of two-sided tables and in whole tables).

A name gets a code only in context: an enumerated name ("一、", "(一)", "1、") is a 类 first; any other
name is the one child of the nearest enclosing 类/款 with that name (CodeTrail.resolve_name), else a
类. A name that matches no code in context is never given one: it stays a **labelled row** (issue 14:
"a name that matches no code in context stays a labelled row, never a guessed code"), keyed by its
printed path from its nearest coded ancestor ("201 / 社会工作事务"). That ancestor is the deepest
enclosing 类/款 whose amount is not yet taken by the rows printed under it (21401's three 项 add up to
it, so 超长期特别国债安排的支出 below them is a child of 214); a row no enclosing code can take stays
unplaced. After a labelled row that may have children (above the deepest level, no known 项 name),
the rows below that add up to its amount are its children ("201 / 社会工作事务 / 其他社会工作事务支出",
"214 / 超长期特别国债安排的支出 / 公路水路运输", whatever their names mean elsewhere): until they
take its amount only a 类 ends it; a row printing more than is left of it ends it too.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from pipelines.model import Line
from pipelines.normalize.code_trail import CodeTrail
from pipelines.normalize.codes import Resolution, codebook, name_key
from pipelines.textnorm import compact, strip_enumeration

_TOLERANCE = Decimal("0.01")  # 尾数误差 of one cell
PATH_SEPARATOR = " / "
# a printed name as OCR gives it cleanly: CJK, list numbering and the brackets/marks of the reports' names
_CLEAN_NAME = re.compile(r"[\u4e00-\u9fff、()“”\"《》·]+")
_CLASS_NUMBERING = re.compile(r"[一二三四五六七八九十]+、")
UNLISTED_ITEMS = {"func": "unlisted_func_class", "econ": "unlisted_econ_class"}  # items.yaml


@lru_cache(maxsize=None)
def _leaf_names(system: str) -> frozenset[str]:
    book = codebook(system)
    deepest = max(entry.level for entry in book.entries.values())
    return frozenset(key for entry in book.entries.values() if entry.level == deepest for key in entry.keys)


def is_enumerated(label: str) -> bool:
    text = compact(label)
    return strip_enumeration(text) != text


class NameTrail:
    """Codes of one column of names, row after row; ``path`` is the printed path of the last row
    resolved to no code when it has a coded ancestor (a labelled row), else None."""

    def __init__(self, system: str = "func") -> None:
        self.system = system
        self.book = codebook(system)
        self.trail = CodeTrail(self.book)
        self.lost_under: str | None = None  # the path of the labelled row whose children may follow
        self.left: dict[str, Decimal | None] = {}  # each row's amount not yet taken by the rows under it
        self.terms: dict[str, int] = {}  # how many rows took from it (the tolerance grows with them)
        self.path: str | None = None

    def resolve(self, label: str, amount: Decimal | None = None) -> Resolution:
        """The code of the row named ``label`` printing ``amount`` (its first value column)."""
        self.path = None
        if self.lost_under and not is_enumerated(label) and not self._fits(self.lost_under, amount):
            self.lost_under = None  # more than the labelled row has left: not one of its children
        if is_enumerated(label) or self.lost_under:
            found = self.book.resolve_under(None, label)
            if found.code:
                return self._placed(found, amount)
            if self.lost_under:
                parent = self.lost_under
                self._label(parent, label, amount)
                return Resolution(None, "unlisted", f"name-only row {label!r} is a child of the labelled row "
                                  f"{parent!r} (the rows under it add up to it) and names no 类: labelled {self.path!r}")
        found = self.trail.resolve_name(label)
        if found.code:
            return self._placed(found, amount)
        parent = next((a for a in self.trail.ancestors() if self._fits(a, amount)), None)
        if parent is None:
            return found
        self._label(parent, label, amount)
        if len(parent) < self.book.lengths[-2] and name_key(label) not in _leaf_names(self.system):
            self.lost_under = self.path  # a 款 nobody listed: its 项 may follow
        return Resolution(None, "unlisted", f"{found.detail}; labelled {self.path!r} under {parent} "
                          f"(its amount not yet taken by the rows under it)")

    def _fits(self, node: str, amount: Decimal | None) -> bool:
        """``amount`` fits in what the rows under ``node`` have not yet taken of it."""
        left = self.left.get(node)
        if amount is None or left is None:
            return True
        return amount <= left + _TOLERANCE * (self.terms.get(node, 0) + 1) and left > _TOLERANCE * self.terms.get(node, 0)

    def _take(self, node: str | None, amount: Decimal | None) -> None:
        if node in self.left and self.left[node] is not None and amount is not None:
            self.left[node] -= amount
            self.terms[node] = self.terms.get(node, 0) + 1

    def _label(self, parent: str, label: str, amount: Decimal | None) -> None:
        self.path = f"{parent}{PATH_SEPARATOR}{compact(label)}"
        self._take(parent, amount)
        self.left[self.path] = amount

    def _placed(self, found: Resolution, amount: Decimal | None) -> Resolution:
        if found.code:
            code = found.code
            self.trail.note(code)
            self._take(next((code[:n] for n in reversed(self.book.lengths) if n < len(code)), None), amount)
            self.left[code], self.terms[code] = amount, 0
            if len(code) == self.book.lengths[0]:
                self.lost_under = None
        return found


def unlisted_item(system: str, line: Line | None = None, path: str = "") -> str | None:
    """The item of a labelled row of ``system`` (a name no code in context has); None for a row read by OCR
    whose printed path holds a name with OCR noise (Latin letters, digits, stray punctuation: "x出 / 行政单位
    医疗", "…事务支,") or numbered as a 类 ("二十三、…"): a misreading is never keyed by chance, it stays row_unmapped."""
    names = [part for part in compact(path).split(compact(PATH_SEPARATOR)) if not part.isdigit()]
    if line is not None and line.engine.startswith("ocr") and (
            any(not _CLEAN_NAME.fullmatch(name) for name in names) or (names and _CLASS_NUMBERING.match(names[-1]))):
        return None  # a name numbered as a 类 ("二十三、其他支册") that no 类 has is a misread 类 name
    return UNLISTED_ITEMS.get(system)


def labelled_finding_detail(trail: NameTrail, label: str, year: int | None) -> str:
    parent = trail.path.rsplit(PATH_SEPARATOR, 1)[0] if trail.path else ""
    return (f"name {compact(label)!r} is not in the {year or ''} {trail.system} classification list under {parent}; "
            f"loaded as a labelled row {trail.path!r} (item {unlisted_item(trail.system)}), never given a code")
