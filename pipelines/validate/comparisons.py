"""Every rule's comparisons for a set of documents, as one DataFrame (the rule engine: pipelines/validate/engine).

excess <= 0 means the rule holds: for `equal`, |expected - observed| minus the tolerance; for
`part_le_whole`, observed - expected minus the tolerance. Tolerance = 0.01 万元 × summed cells. Amounts are
exact (Decimal) until here, rounded to the cent as the reports print them and handed over as numbers.
`percent_interval` rules (NA02–NA04) are computed in pipelines/validate/percent.py from their claims' cells.
fact_seqs: the facts of the document whose amounts the comparison read (expected side first), from
which every fact learns whether an identity it takes part in holds (pipelines/validate/trust.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pandas as pd

from pipelines.validate.engine import evaluate
from pipelines.validate.engine.context import Context
from pipelines.validate.rules import load_rules, tolerance_per_cell

COLUMNS = ["rule_id", "family", "severity", "comparison", "description", "document_id", "table_kind", "subject",
           "expected", "observed", "n_terms", "tolerance", "difference", "excess", "source_line", "source_page",
           "row_label", "fact_seqs"]
_CENT = Decimal("0.01")


def scope(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    """_scope: the documents being validated; _facts: their facts with their document's unit, scope, stage
    (read once here, so no rule scans fact_amount again: the cost follows the batch, not the warehouse)."""
    con.execute("create or replace temp table _scope as select unnest(?::varchar[]) as document_id", [document_ids])
    con.execute("create or replace temp table _facts as "
                "select f.*, d.unit_id as doc_unit_id, d.scope as doc_scope, d.stage as doc_stage "
                "from fact_amount f join dim_document d using (document_id) "
                "where f.document_id in (select document_id from _scope)")


def _cents(value) -> float:
    """DECIMAL rounded to the cent (half away from zero, as DuckDB casts), as a number; None → NaN."""
    return float("nan") if value is None else float(Decimal(value).quantize(_CENT, ROUND_HALF_UP))


def comparisons_of(ctx: Context) -> pd.DataFrame:
    """One row per comparison made by any rule on the context's documents (exact Decimal arithmetic)."""
    rules = load_rules()
    present = ctx.present()
    yielding = tuple(rule for rule in rules if rule.can_yield(present))
    step = tolerance_per_cell()
    part_le_whole = {rule.id for rule in rules if rule.comparison == "part_le_whole"}
    records = []
    percent = tuple(rule for rule in yielding if rule.comparison == "percent_interval")
    for row in evaluate(ctx, tuple(r for r in yielding if r.comparison != "percent_interval")):
        expected, observed = row.expected, row.observed
        tolerance = row.n_terms * step
        difference = None if expected is None or observed is None else Decimal(observed) - Decimal(expected)
        excess = None if difference is None else (difference if row.rule_id in part_le_whole else abs(difference)) - tolerance
        records.append({**row._asdict(), "expected": _cents(expected), "observed": _cents(observed),
                        "tolerance": _cents(tolerance), "difference": _cents(difference), "excess": _cents(excess),
                        "fact_seqs": [int(s) for s in row.fact_seqs]})
    records += evaluate(ctx, percent)  # the narrative_percent template's rows are comparisons already (no fact named)
    if not records:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame.from_records(records)
    by_id = {rule.id: rule for rule in rules}
    for key in ("family", "severity", "comparison", "description"):
        frame[key] = frame["rule_id"].map({rid: getattr(rule, key) for rid, rule in by_id.items()})
    return frame[COLUMNS].reset_index(drop=True)


def compute_comparisons(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> pd.DataFrame:
    """One row per comparison made by any rule on these documents (fills _scope and _facts)."""
    scope(con, document_ids)
    return comparisons_of(Context.load(con))
