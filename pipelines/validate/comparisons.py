"""Run every rule's comparison query for a set of documents into one DataFrame.

excess <= 0 means the rule holds: for `equal`, |expected - observed| minus the tolerance; for
`part_le_whole`, observed - expected minus the tolerance. Tolerance = 0.01 万元 × summed cells.
`percent_interval` rules (NA02) are computed in pipelines/validate/percent.py from their query.
fact_seqs: the facts of the document whose amounts the comparison read (expected side first), from
which every fact learns whether an identity it takes part in holds (pipelines/validate/trust.py).
"""

from __future__ import annotations

from functools import lru_cache

import duckdb
import pandas as pd

from pipelines.validate.percent import percent_comparisons
from pipelines.validate.rules import comparison_queries, load_rules, tolerance_per_cell

COLUMNS = ["rule_id", "family", "severity", "comparison", "description", "document_id", "table_kind", "subject",
           "expected", "observed", "n_terms", "tolerance", "difference", "excess", "source_line", "source_page",
           "row_label", "fact_seqs"]


def scope(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    """_scope: the documents being validated; _facts: their facts with their document's unit, scope, stage
    (read once here, so no rule scans fact_amount again: the cost follows the batch, not the warehouse)."""
    con.execute("create or replace temp table _scope as select unnest(?::varchar[]) as document_id", [document_ids])
    con.execute("create or replace temp table _facts as "
                "select f.*, d.unit_id as doc_unit_id, d.scope as doc_scope, d.stage as doc_stage "
                "from fact_amount f join dim_document d using (document_id) "
                "where f.document_id in (select document_id from _scope)")


def present_inputs(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The inputs rules read that the documents in _scope hold (rules.py `Rule.inputs`): one cheap query."""
    return frozenset(name for (name,) in con.execute(
        "select distinct 'kind:' || table_kind from _facts where table_kind is not null "
        "union all select distinct 'claim:' || claim_id from doc_claim where document_id in (select document_id from _scope) "
        "union all (select 'table:blank' from doc_table where document_id in (select document_id from _scope) "
        "and coalesce(amount_cells, 0) = 0 limit 1)").fetchall())


def _sql_rules_query(present: frozenset[str] | None = None) -> str | None:
    """The SQL rules that can yield a row on inputs `present` (None: every rule) as one query; None when none can.
    A set-based template is kept whole (all its rules) when one of its rules can yield: the same query text."""
    keep = tuple(i for i, (_, members) in enumerate(_sql_queries())
                 if present is None or any(rule.can_yield(present) for rule in members))
    return _union_query(keep) if keep else None


@lru_cache(maxsize=1)
def _sql_queries() -> tuple[tuple[str, tuple], ...]:
    return tuple(comparison_queries(tuple(r for r in load_rules() if r.comparison != "percent_interval")))


@lru_cache(maxsize=64)
def _union_query(keep: tuple[int, ...]) -> str:
    return _union_of([_sql_queries()[i] for i in keep])


def _union_of(queries: list[tuple[str, tuple]]) -> str:
    """These SQL rules' queries as one UNION ALL (DuckDB's per-statement cost dominates small batches), one query
    per set-based template rather than per rule (binding and planning 31 subqueries cost more than running them)."""
    step = tolerance_per_cell()
    rules = [rule for _, members in queries for rule in members]
    part_le_whole = ", ".join(f"'{r.id}'" for r in rules if r.comparison == "part_le_whole") or "''"
    union = "\nunion all by name\n".join(f"select * from ({query})" for query, _ in queries)
    return f"""
        select cast(rule_id as varchar) as rule_id, cast(document_id as varchar) as document_id,
               cast(table_kind as varchar) as table_kind, cast(subject as varchar) as subject,
               {_double("expected")} as expected, {_double("observed")} as observed,
               cast(n_terms as integer) as n_terms, cast(source_line as integer) as source_line,
               cast(source_page as integer) as source_page, cast(row_label as varchar) as row_label,
               cast(fact_seqs as integer[]) as fact_seqs,
               {_double(f"n_terms * {step}")} as tolerance,
               {_double("observed - expected")} as difference,
               {_double(f"case when rule_id in ({part_le_whole}) then observed - expected else abs(observed - expected) end - n_terms * {step}")} as excess
        from ({union})"""


def _double(expression: str) -> str:
    """Computed exactly as DECIMAL(18, 2), handed over as a number (GX compares numbers; no Decimal objects)."""
    return f"cast(cast({expression} as decimal(18, 2)) as double)"


def compute_comparisons(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> pd.DataFrame:
    """One row per comparison made by any rule on these documents (exact DECIMAL arithmetic)."""
    scope(con, document_ids)
    rules = {rule.id: rule for rule in load_rules()}
    present = present_inputs(con)
    query = _sql_rules_query(present)
    frame = con.execute(query).df() if query else pd.DataFrame()
    extra, fetched = [], {}
    for rule in rules.values():
        if rule.comparison == "percent_interval" and rule.can_yield(present):  # rules of one template and params read the same rows: one query
            key = (rule.template, repr(sorted(rule.params.items())))
            if key not in fetched:
                fetched[key] = con.execute(rule.sql()).fetchall()
            extra += percent_comparisons(con, rule.sql(), rule.id, fetched[key])
    if extra:
        frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True) if not frame.empty else pd.DataFrame(extra)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    if "fact_seqs" not in frame:
        frame["fact_seqs"] = None
    frame["fact_seqs"] = [[] if s is None or isinstance(s, float) else [int(x) for x in s]
                          for s in frame["fact_seqs"]]  # NA02 (percentages) names no fact: []
    for key in ("family", "severity", "comparison", "description"):
        frame[key] = frame["rule_id"].map({rid: getattr(rule, key) for rid, rule in rules.items()})
    return frame[COLUMNS].reset_index(drop=True)
