"""Figures the narrative (情况说明) restates: a second source to reconcile against the tables.

Two kinds of claims, both patterns in reference/narrative_claims.yaml:
- amounts ("人员经费 1222.57 万元"): the 万元 figure and the table cells it must equal (rule NA01);
- percentages ("占 88.57%", "完成预算的 97.05%", "减少 58.53 万元，下降 3.69%"): the printed
  percentage and the table cells it is computed from (rule NA02, pipelines/validate/percent.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipelines.model import Line, LocatedTable
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

NUMBER = r"\d[\d,]*(?:\.\d+)?"
_WORDS_UP, _WORDS_DOWN = ("增加", "增长", "上升", "提高"), ("减少", "下降", "降低")
_DIRECTION = "(?:" + "|".join(_WORDS_UP + _WORDS_DOWN) + ")"
_TOKENS = (  # expanded in this order (a token may use the ones after it)
    ("{change}", "(?P<direction>" + _DIRECTION[3:-1] + ")(?P<change>{num})万元,?" + _DIRECTION + "{pct}"),
    ("{dir}", "(?P<direction>" + _DIRECTION[3:-1] + ")"),
    ("{versus}", "(?:与|比|较)(?:上年|上一年|年初预算)(?:决算|预算)?(?:数)?(?:相比)?,?"),
    ("{restated}", r"[^\d,;。%]{0,16}?"),
    ("{pct}", r"(?P<percent>\d+(?:\.\d+)?)%"),
    ("{num}", NUMBER),
)


@dataclass(frozen=True)
class Claim:
    claim_id: str
    amount: Decimal  # 万元; for a percentage claim, the printed percentage
    targets: tuple[tuple[str, str, str], ...]  # (table_kind, item, measure), in preference order
    source_line: int
    source_page: int
    text: str


@dataclass(frozen=True)
class PercentClaimSpec:
    """One percentage pattern: formula, and per operand role the table cells (or printed figure) it uses."""

    id: str
    formula: str  # ratio | change | change_by
    stage: str | None
    pattern: re.Pattern
    operands: tuple[tuple[str, tuple[dict, ...]], ...]  # (role, alternatives) in formula order

    def table_targets(self, stage: str) -> tuple[tuple[str, str, str], ...]:
        """Every table cell the claim may use, role by role (stored with the claim for lineage)."""
        return tuple((t["table_kind"], t["item"], stage_measure(t["measure"], stage))
                     for _, alternatives in self.operands for t in alternatives if "table_kind" in t)


FORMULA_ROLES = {"ratio": ("numerator", "denominator"), "change": ("current", "base"), "change_by": ("current", "change")}


def stage_measure(measure: str, stage: str | None) -> str:
    """`by_stage` is the report's own measure: final in a final account, budget in a budget."""
    if measure != "by_stage":
        return measure
    return "final" if stage == "final" else "budget"


def direction_sign(word: str | None) -> int:
    return -1 if word in _WORDS_DOWN else 1


def expand_pattern(pattern: str) -> str:
    for token, expansion in _TOKENS:
        pattern = pattern.replace(token, expansion)
    return pattern


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern, str | None, tuple], ...]:
    return tuple(
        (c["id"], re.compile(c["pattern"]), c.get("stage"),
         tuple((t["table_kind"], t["item"], t["measure"]) for t in c["targets"]))
        for c in load_yaml("narrative_claims.yaml")["claims"]
    )


@lru_cache(maxsize=1)
def percent_specs() -> dict[str, PercentClaimSpec]:
    specs = {}
    for c in load_yaml("narrative_claims.yaml").get("percent_claims", []):
        roles = FORMULA_ROLES[c["formula"]]
        if set(c["operands"]) != set(roles):
            raise ValueError(f"percent claim {c['id']}: formula {c['formula']} needs operands {roles}")
        if not any("table_kind" in t for targets in c["operands"].values() for t in targets):
            raise ValueError(f"percent claim {c['id']}: no table cell to check against")
        specs[c["id"]] = PercentClaimSpec(c["id"], c["formula"], c.get("stage"), re.compile(expand_pattern(c["pattern"])),
                                          tuple((role, tuple(c["operands"][role])) for role in roles))
    return specs


def find_claims(lines: tuple[Line, ...], tables: list[LocatedTable], stage: str) -> list[Claim]:
    """Claims in prose lines outside the tables' rows."""
    table_lines = {row.number for table in tables for row in table.rows}
    percents = [spec for spec in percent_specs().values() if not spec.stage or spec.stage == stage]
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
        if "%" not in text:
            continue
        for spec in percents:
            for match in spec.pattern.finditer(text):
                claims.append(Claim(spec.id, Decimal(match.group("percent")), spec.table_targets(stage),
                                    line.number, line.page, match.group(0)))
    return claims
