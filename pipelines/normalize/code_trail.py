"""The classification code of each row of a coded table, read with the rows above it.

Two things need the rows above:
- a code split over 类 | 款 | 项 columns (201 | 06 | 01 = 2010601), where some reports print only
  the new part on child rows (类 blank: the 类 is the one of the rows above);
- a row printed by name only (indented names, "行政运行"): its code is the one child of the
  nearest enclosing 类/款 that has this name, looked up deepest level first, never anywhere else
  in the dictionary (行政运行 exists under dozens of 款).
The trail is the last code read; its ancestors are its prefixes at the system's code lengths.
"""

from __future__ import annotations

import re

from pipelines.normalize.amounts import split_code
from pipelines.normalize.codes import CODE_LENGTHS, CodeBook, Resolution
from pipelines.textnorm import compact

_DIGITS = re.compile(r"^\d+$")


class CodeTrail:
    """Codes of one coded table (one column group), row after row."""

    def __init__(self, book: CodeBook) -> None:
        self.book = book
        self.lengths = CODE_LENGTHS[book.system]
        self.last: str | None = None

    def ancestors(self) -> list[str]:
        """The enclosing codes of the next row, deepest first (2010601 → 20106, 201)."""
        if not self.last:
            return []
        return [self.last[:n] for n in reversed(self.lengths) if n <= len(self.last) and n < self.lengths[-1]]

    def note(self, code: str | None) -> None:
        if code and code.isdigit() and len(code) in self.lengths:
            self.last = code

    def compose(self, parts: list[str]) -> tuple[str | None, str]:
        """(code, name printed with it) from the cells of the split code columns; (None, reason)
        when the cells cannot make a code, ("", "") when they are all blank."""
        cells = [compact(p) for p in parts]
        if not any(cells):
            return "", ""
        first = next(i for i, c in enumerate(cells) if c)
        last = max(i for i, c in enumerate(cells) if c)
        if first == 0 and last == 0:  # a whole code in the 类 column ("20502 | | |"), maybe with its name
            code, name = split_code(cells[0])
            return (code, name) if code else (None, f"{cells[0]!r} is not a code")
        widths = [b - a for a, b in zip((0, *self.lengths), self.lengths)]
        if any(not c for c in cells[first:last + 1]):
            return None, f"split code {' | '.join(cells)} has a blank level between printed ones"
        if any(not _DIGITS.match(c) or len(c) != widths[i] for i, c in enumerate(cells[:last + 1]) if c):
            return None, f"split code {' | '.join(cells)}: each level prints {', '.join(map(str, widths))} digits"
        prefix = ""
        if first > 0:  # the levels above are carried from the rows above
            prefix = next((a for a in self.ancestors() if len(a) == self.lengths[first - 1]), "")
            if not prefix:
                return None, f"split code {' | '.join(cells)} prints no {'类款'[first - 1]} and no row above gives one"
        return prefix + "".join(cells[first:last + 1]), ""

    def resolve_name(self, name: str) -> Resolution:
        """The code of a row printed by name only: a child of the nearest enclosing code whose
        name it is (deepest level first), else a 类 of that name."""
        tried = []
        for parent in [*self.ancestors(), None]:
            found = self.book.resolve_under(parent, name)
            if found.code:
                return found
            tried.append(parent or "the 类")
        return Resolution(None, "unrepairable", f"name-only row {name!r} names no code under {', '.join(tried)}")
