"""Classification code dictionaries and code repair.

Keys are codes, names are labels. A printed code that is well-formed is taken as printed.
A truncated code ("3010" + 基本工资) or a name-only row ("八、社会保障和就业支出") is repaired
from the dictionary only when exactly one entry fits both the printed digits and the name;
anything else is reported as unrepairable, never given a made-up key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.reference import load_csv
from pipelines.textnorm import compact, strip_enumeration

_LEVEL_MARK = re.compile(r"\((?:类|款|项)\)")
_MIN_PREFIX_CHARS = 4

# Code lengths per level for each classification system.
# gov_econ: 政府预算支出经济分类 (5xx), printed beside the 部门 one in Beijing's tables.
CODE_LENGTHS = {"func": (3, 5, 7), "econ": (3, 5, 7), "gov_econ": (3, 5)}  # econ 7: local sub-items (3010201 规范性津补贴)
_FILES = {"func": "func_class.csv", "econ": "econ_class.csv", "gov_econ": "gov_econ_class.csv"}


def name_key(name: str) -> str:
    """Comparable form of a classification name (no numbering, level marks or spaces)."""
    return _LEVEL_MARK.sub("", strip_enumeration(compact(name)))


@dataclass(frozen=True)
class CodeEntry:
    code: str
    name: str
    level: int
    parent_code: str | None
    keys: frozenset[str]


@dataclass(frozen=True)
class Resolution:
    """The code a row gets, how it was obtained (printed|repaired|from_name), or why not."""

    code: str | None
    how: str
    detail: str = ""


class CodeBook:
    """One classification system's dictionary with lookup and repair."""

    def __init__(self, system: str, rows: tuple[dict[str, str], ...]) -> None:
        self.system = system
        self.lengths = CODE_LENGTHS[system]
        self.entries: dict[str, CodeEntry] = {}
        self._by_key: dict[str, list[CodeEntry]] = {}
        for row in rows:
            names = [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]
            entry = CodeEntry(
                code=row["code"],
                name=row["name"],
                level=int(row["level"]),
                parent_code=row["parent_code"] or None,
                keys=frozenset(name_key(n) for n in names),
            )
            self.entries[entry.code] = entry
            for key in entry.keys:
                self._by_key.setdefault(key, []).append(entry)

    def get(self, code: str) -> CodeEntry | None:
        return self.entries.get(code)

    def resolve(self, printed_code: str | None, printed_name: str, top_level_only: bool = False) -> Resolution:
        """The canonical code for a row printed with this code and name."""
        key = name_key(printed_name)
        if printed_code and len(printed_code) in self.lengths:
            return Resolution(printed_code, "printed")
        if printed_code:
            candidates = [
                e for e in self.entries.values()
                if e.code.startswith(printed_code) and len(e.code) > len(printed_code)
                and len(e.code) == min(n for n in self.lengths if n > len(printed_code))
            ]
            return self._pick(candidates, key, f"printed code {printed_code!r} ({printed_name})", "repaired")
        candidates = list(self.entries.values())
        if top_level_only:
            candidates = [e for e in candidates if e.level == 1]
        return self._pick(candidates, key, f"name-only row {printed_name!r}", "from_name")

    def resolve_under(self, parent_code: str | None, printed_name: str) -> Resolution:
        """The code of a row printed by name only, among the children of ``parent_code`` (the
        classes when None): the name must name exactly one of them."""
        if parent_code is None:
            candidates = [e for e in self.entries.values() if e.level == 1]
            where = "among the 类"
        else:
            candidates = [e for e in self.entries.values() if e.parent_code == parent_code]
            where = f"under {parent_code}"
        return self._pick(candidates, name_key(printed_name), f"name-only row {printed_name!r} {where}", "from_name")

    def _pick(self, candidates: list[CodeEntry], key: str, what: str, how: str) -> Resolution:
        if not key:
            return Resolution(None, "unrepairable", f"{what}: no name to repair the code from")
        exact = [e for e in candidates if key in e.keys]
        if len(exact) == 1:
            return Resolution(exact[0].code, how, f"{what} → {exact[0].code} {exact[0].name}")
        if not exact and len(key) >= _MIN_PREFIX_CHARS:
            prefix = [
                e for e in candidates
                if any(k.startswith(key) or key.startswith(k) for k in e.keys if len(k) >= _MIN_PREFIX_CHARS)
            ]
            if len(prefix) == 1:
                return Resolution(prefix[0].code, how, f"{what} → {prefix[0].code} {prefix[0].name} (name prefix)")
            exact = prefix
        found = ", ".join(e.code for e in exact[:5]) or "none"
        return Resolution(None, "unrepairable", f"{what}: dictionary candidates {found}")


@lru_cache(maxsize=None)
def codebook(system: str) -> CodeBook:
    """The dictionary of a classification system ("func", "econ" or "gov_econ")."""
    return CodeBook(system, load_csv(_FILES[system]))
