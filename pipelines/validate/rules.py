"""Rules from reference/rules.yaml: each names a template of the rule engine (pipelines/validate/engine) and
gives it data (params: table kinds, items, measures, row conditions, join keys).

A template is evaluated once for every rule that uses it. A rule whose inputs the documents lack yields no row
and is not evaluated: `Rule.inputs` names them — the table kinds of its params (kinds: any of them; left_kind
and right_kind: both; kind) and its template's `rows_only_with` lines (every line must hold, one of its
inputs present: `kind:<table_kind>` of a fact, `claim:<claim_id>` of a narrative claim, `claim:*` any claim,
`claim:{percent_claims}` any percentage claim, `table:blank` a located table without one amount cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pipelines.reference import load_yaml


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str
    template: str
    comparison: str  # equal | part_le_whole | percent_interval
    description: str
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def inputs(self) -> tuple[tuple[str, ...], ...]:
        """What the documents must hold for this rule to yield a row: every group, one input of each."""
        params = self.params
        kinds = ([tuple(f"kind:{k}" for k in params["kinds"])] if "kinds" in params else []) + [
            (f"kind:{params[key]}",) for key in ("left_kind", "right_kind", "kind") if key in params]
        return tuple(kinds) + template_inputs(self.template)

    def can_yield(self, present: frozenset[str]) -> bool:
        """False when an input it needs is absent from `present` (kind:…, claim:…, table:blank)."""
        return all(any(name in present or (name.endswith(":*") and any(p.startswith(name[:-1]) for p in present))
                       for name in group) for group in self.inputs())


@lru_cache(maxsize=1)
def part_parents() -> dict[str, str]:
    """child → parent among items and measures (rules.yaml part_parents): a sum counts one or the other."""
    return dict(load_yaml("rules.yaml").get("part_parents") or {})


@lru_cache(maxsize=1)
def part_ancestors() -> tuple[tuple[str, str], ...]:
    """(part, ancestor) for every ancestor of every part: a part is left out of a sum that counts one of them."""
    pairs = []
    for child in part_parents():
        seen, parent = {child}, part_parents().get(child)
        while parent and parent not in seen:
            pairs.append((child, parent))
            seen.add(parent)
            parent = part_parents().get(parent)
    return tuple(pairs)


@lru_cache(maxsize=None)
def template_inputs(template: str) -> tuple[tuple[str, ...], ...]:
    """The template's `rows_only_with` lines ({percent_claims}: one claim:<id> per percentage claim)."""
    from pipelines.validate.engine import templates

    return tuple(tuple(n for name in line for n in (
        [f"claim:{i}" for i in percent_claim_ids()] if name == "claim:{percent_claims}" else [name]))
        for line in templates()[template].rows_only_with)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    spec = load_yaml("rules.yaml")
    return tuple(Rule(**rule) for rule in spec["rules"])


def percent_claim_ids() -> tuple[str, ...]:
    """Ids of the narrative's percentage claims (reference/narrative_claims.yaml, checked by NA02)."""
    return tuple(c["id"] for c in load_yaml("narrative_claims.yaml").get("percent_claims", []))


def tolerance_per_cell() -> Decimal:
    return Decimal(str(load_yaml("rules.yaml")["tolerance_per_cell"]))


def families() -> list[str]:
    seen: list[str] = []
    for rule in load_rules():
        if rule.family not in seen:
            seen.append(rule.family)
    return seen
