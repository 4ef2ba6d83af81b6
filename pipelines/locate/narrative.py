"""Figures the narrative (情况说明) restates: a second source to reconcile against the tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipelines.model import Line, LocatedTable
from pipelines.reference import load_yaml
from pipelines.textnorm import compact


@dataclass(frozen=True)
class Claim:
    claim_id: str
    amount: Decimal  # 万元
    targets: tuple[tuple[str, str, str], ...]  # (table_kind, item, measure), in preference order
    source_line: int
    source_page: int
    text: str


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern, str | None, tuple], ...]:
    return tuple(
        (c["id"], re.compile(c["pattern"]), c.get("stage"),
         tuple((t["table_kind"], t["item"], t["measure"]) for t in c["targets"]))
        for c in load_yaml("narrative_claims.yaml")["claims"]
    )


def find_claims(lines: tuple[Line, ...], tables: list[LocatedTable], stage: str) -> list[Claim]:
    """Claims in prose lines outside the tables' rows."""
    table_lines = {row.number for table in tables for row in table.rows}
    claims = []
    for line in lines:
        if line.is_row or line.number in table_lines:
            continue
        text = compact(line.text)
        for claim_id, pattern, only_stage, targets in _patterns():
            if only_stage and only_stage != stage:
                continue
            for match in pattern.finditer(text):
                claims.append(Claim(claim_id, Decimal(match.group("amount").replace(",", "")), targets,
                                    line.number, line.page, match.group(0)))
    return claims
