"""功能分类 codes of rows printed by name only on the expenditure side of a two-sided table
("一、一般公共服务支出 / 财政事务 / 行政运行 …", Zhejiang and Shenzhen print 类, 款 and 项 this way).

A name gets a code only in context: an enumerated name ("一、", "(一)", "1、") is a 类 first; any other
name is the one child of the nearest enclosing 类/款 with that name (CodeTrail.resolve_name), else a
类. After a row whose name has no code and is no known 项 name (an unlisted 款 such as a new
超长期特别国债安排的支出), the rows below may be its children: until the next 类 only a 类 is
accepted, so a child is never filed under the wrong parent — as long as the rows below can be its
children: they add up to its amount, so a row printing more than is left of it ends the doubt.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from pipelines.normalize.code_trail import CodeTrail
from pipelines.normalize.codes import Resolution, codebook, name_key
from pipelines.textnorm import compact, strip_enumeration

_TOLERANCE = Decimal("0.01")  # 尾数误差 of one cell


@lru_cache(maxsize=None)
def _leaf_names(system: str) -> frozenset[str]:
    book = codebook(system)
    deepest = max(entry.level for entry in book.entries.values())
    return frozenset(key for entry in book.entries.values() if entry.level == deepest for key in entry.keys)


def is_enumerated(label: str) -> bool:
    text = compact(label)
    return strip_enumeration(text) != text


class NameTrail:
    """Codes of one column of names, row after row."""

    def __init__(self, system: str = "func") -> None:
        self.system = system
        self.book = codebook(system)
        self.trail = CodeTrail(self.book)
        self.lost_under: str | None = None  # the unplaced row whose children may follow
        self.unplaced_left: Decimal | None = None  # its amount not yet taken by the rows below

    def resolve(self, label: str, amount: Decimal | None = None) -> Resolution:
        """The code of the row named ``label`` printing ``amount`` (its first value column)."""
        if self.lost_under and not is_enumerated(label) and not self._may_be_child(amount):
            self.lost_under = None  # more than the unplaced row holds: not one of its children
        if is_enumerated(label) or self.lost_under:
            found = self.book.resolve_under(None, label)
            if found.code:
                return self._placed(found)
            if self.lost_under:
                return Resolution(None, "unrepairable", f"name-only row {label!r} may be a child of the unplaced "
                                  f"row {self.lost_under!r} and names no 类; its parent is unknown")
        found = self.trail.resolve_name(label)
        if found.code is None and name_key(label) not in _leaf_names(self.system):
            self.lost_under, self.unplaced_left = label, amount
        return self._placed(found)

    def _may_be_child(self, amount: Decimal | None) -> bool:
        """Children of the unplaced row add up to its amount: a row printing more than is left of it
        is none of them; a row that takes the rest is the last."""
        if amount is None or self.unplaced_left is None:
            return True
        if amount > self.unplaced_left + _TOLERANCE or self.unplaced_left <= _TOLERANCE:
            return False
        self.unplaced_left -= amount
        return True

    def _placed(self, found: Resolution) -> Resolution:
        if found.code:
            self.trail.note(found.code)
            if len(found.code) == self.book.lengths[0]:
                self.lost_under = None
        return found
