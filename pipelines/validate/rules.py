"""Rules from reference/rules.yaml turned into comparison queries (sql/rules/<template>.sql)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pipelines.reference import load_yaml

RULES_SQL = Path(__file__).resolve().parents[2] / "sql" / "rules"
_MACROS = {
    "{own_unit}": "(unit_id, scope) = (select (d.unit_id, d.scope) from dim_document d where d.document_id = facts.document_id)",
    "{stage_measure}": "measure = (select case d.stage when 'final' then 'final' else 'budget' end "
                       "from dim_document d where d.document_id = facts.document_id)",
}


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str
    template: str
    comparison: str  # equal | part_le_whole
    description: str
    params: dict = field(default_factory=dict)

    def sql(self) -> str:
        """The comparison query: rows of (document_id, table_kind, subject, expected, observed, n_terms, …)."""
        values = {}
        for key, value in self.params.items():
            if isinstance(value, list):
                values[key] = ", ".join(f"'{v}'" for v in value) or "''"
            else:
                values[key] = value
        if self.template == "item_sum":
            values["or_func_classes"] = "or length(func_code) = 3" if self.params.get("func_classes") else ""
        text = (RULES_SQL / f"{self.template}.sql").read_text(encoding="utf-8").format(**values)
        for macro, expansion in _MACROS.items():
            text = text.replace(macro, expansion)
        return text


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    spec = load_yaml("rules.yaml")
    return tuple(Rule(**rule) for rule in spec["rules"])


def tolerance_per_cell() -> Decimal:
    return Decimal(str(load_yaml("rules.yaml")["tolerance_per_cell"]))


def families() -> list[str]:
    seen: list[str] = []
    for rule in load_rules():
        if rule.family not in seen:
            seen.append(rule.family)
    return seen
