"""Rules from reference/rules.yaml turned into comparison queries (sql/rules/<template>.sql).

A template is either written for one rule (its params are formatted into the text) or, when it
reads `{rules}`, for every rule that uses it at once: `{rules}` becomes a relation with one row per
rule (rule_id + the rule's data params) and `{case:NAME}` the rule's SQL-expression param NAME as
`case when rule_id in (…) then … end`, one branch per distinct expression (DuckDB plans every branch).
One set-based query per template is several times cheaper for DuckDB to bind and plan than one query
per rule, and planning dominates on small batches.

Every template reads the facts of the documents being validated from the temp table `_facts`
(fact_amount + doc_unit_id, doc_scope, doc_stage of the document), filled once per run.

A rule whose inputs the documents lack yields no row, yet DuckDB plans its query all the same (planning,
not running, is most of one report's rule SQL): `Rule.inputs` names them — the table kinds of its params
(kinds: any of them; left_kind and right_kind: both; kind) and its template's header lines
`-- rows only with: claim:class_figure | kind:operating_costs` (every line must hold, one of its inputs
present: `kind:<table_kind>` of a fact, `claim:<claim_id>` of a narrative claim, `claim:*` any claim,
`table:blank` a located table without one amount cell) — and only the rules whose inputs are present are planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pipelines.reference import load_csv, load_yaml

RULES_SQL = Path(__file__).resolve().parents[2] / "sql" / "rules"
_MACROS = {
    "{own_unit}": "(unit_id = doc_unit_id and scope = doc_scope)",
    "{stage_measure}": "measure = case doc_stage when 'final' then 'final' else 'budget' end",
    # the lines where the reader left a row of a table unloaded (a coverage gap): a sum spanning one is incomplete
    "{unloaded_rows}": "(select document_id, table_kind, source_line from dq_results "
                       "where document_id in (select document_id from _scope) and source_line is not null "
                       "and \"check\" in ('extract.row_unmapped', 'extract.code_unrepairable', 'extract.code_repeated'))",
}
_CASE = re.compile(r"\{case:(\w+)\}")
_ROWS_ONLY_WITH = re.compile(r"^-- rows only with: (.+)$", re.M)


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str
    template: str
    comparison: str  # equal | part_le_whole | percent_interval
    description: str
    params: dict = field(default_factory=dict)

    def sql(self) -> str:
        """The comparison query of this rule alone (a set-based template restricted to this rule)."""
        return render_template(self.template, (self,))

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


def _literal(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, int) and not isinstance(v, bool) for v in value) and value:
            return "[" + ", ".join(map(str, value)) + "]::integer[]"
        return "[" + ", ".join(_literal(str(v)) for v in value) + "]::varchar[]"
    return "'" + str(value).replace("'", "''") + "'"


def _expand(text: str) -> str:
    for macro, expansion in _MACROS.items():
        text = text.replace(macro, expansion)
    if "{part_parents}" in text:
        text = text.replace("{part_parents}", _part_parents_relation())
    if "{former_names}" in text:
        text = text.replace("{former_names}", _former_names_relation())
    if "{percent_claims}" in text:
        text = text.replace("{percent_claims}", ", ".join(_literal(i) for i in percent_claim_ids()) or "''")
    return text


@lru_cache(maxsize=1)
def part_parents() -> dict[str, str]:
    """child → parent among items and measures (rules.yaml part_parents): a sum counts one or the other."""
    return dict(load_yaml("rules.yaml").get("part_parents") or {})


def part_ancestors() -> list[tuple[str, str]]:
    """(part, ancestor) for every ancestor of every part: a part is left out of a sum that counts one of them."""
    pairs = []
    for child in part_parents():
        seen, parent = {child}, part_parents().get(child)
        while parent and parent not in seen:
            pairs.append((child, parent))
            seen.add(parent)
            parent = part_parents().get(parent)
    return pairs


def _part_parents_relation() -> str:
    rows = ", ".join(f"({_literal(child)}, {_literal(parent)})" for child, parent in part_ancestors())
    return f"(select * from (values {rows}) as pp(child, parent))" if rows else \
        "(select null::varchar as child, null::varchar as parent where false)"


@lru_cache(maxsize=1)
def _former_names_relation() -> str:
    """reference/func_class_former_names.csv as a relation (code, name, last_year)."""
    rows = ", ".join(f"({_literal(r['code'])}, {_literal(r['name'])}, {_literal(int(r['last_year']) if r['last_year'] else None)})"
                     for r in load_csv("func_class_former_names.csv"))
    return f"(select * from (values {rows}) as fn(code, name, last_year))"


@lru_cache(maxsize=None)
def _template_text(template: str) -> str:
    return (RULES_SQL / f"{template}.sql").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def template_inputs(template: str) -> tuple[tuple[str, ...], ...]:
    """The template's `-- rows only with: a | b` header lines ({percent_claims}: one claim:<id> per percentage claim)."""
    groups = []
    for line in _ROWS_ONLY_WITH.findall(_template_text(template)):
        names = [name.strip() for name in line.split("|")]
        groups.append(tuple(n for name in names for n in (
            [f"claim:{i}" for i in percent_claim_ids()] if name == "claim:{percent_claims}" else [name])))
    return tuple(groups)


def render_template(template: str, rules: tuple[Rule, ...]) -> str:
    """The query of `rules` (all of one template): rows of (rule_id, document_id, table_kind, subject,
    expected, observed, n_terms, source_line, source_page, row_label)."""
    text = _template_text(template)
    if "{rules}" not in text:  # a one-rule template: params formatted into the text
        (rule,) = rules
        values = {k: ", ".join(_literal(str(v)) for v in value) or "''" if isinstance(value, list) else value
                  for k, value in rule.params.items()}
        return f"select {_literal(rule.id)} as rule_id, * from ({_expand(_expand(text).format(**values))})"
    expressions = list(dict.fromkeys(_CASE.findall(text)))
    columns = [k for rule in rules for k in rule.params if k not in expressions]
    columns = list(dict.fromkeys(columns))
    rows = ", ".join("(" + ", ".join([_literal(rule.id), *(_literal(rule.params.get(c)) for c in columns)]) + ")"
                     for rule in rules)
    relation = f"(select * from (values {rows}) as v(rule_id{''.join(', ' + c for c in columns)}))"
    text = text.replace("{rules}", relation)
    for name in expressions:  # rules sharing an expression share its branch: DuckDB plans each branch's subqueries
        shared: dict[str, list[str]] = {}
        for rule in rules:
            if name in rule.params:
                shared.setdefault(rule.params[name], []).append(_literal(rule.id))
        whens = " ".join(f"when rule_id in ({', '.join(ids)}) then ({expression})" for expression, ids in shared.items())
        text = text.replace(f"{{case:{name}}}", f"(case {whens} end)")
    return _expand(text)


def comparison_queries(rules: tuple[Rule, ...]) -> list[tuple[str, tuple[Rule, ...]]]:
    """(query, rules) per template (set-based) or per rule, in rules.yaml order of first use."""
    by_template: dict[str, list[Rule]] = {}
    for rule in rules:
        by_template.setdefault(rule.template, []).append(rule)
    queries = []
    for template, members in by_template.items():
        if "{rules}" in _template_text(template):
            queries.append((render_template(template, tuple(members)), tuple(members)))
        else:
            queries += [(rule.sql(), (rule,)) for rule in members]
    return queries


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
