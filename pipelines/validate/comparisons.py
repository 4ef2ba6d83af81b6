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
    """_scope: the documents being validated (their facts are read once, by Context.load: the cost follows the
    batch, not the warehouse)."""
    con.execute("create or replace temp table _scope as select unnest(?::varchar[]) as document_id", [document_ids])


def _cents(value) -> float:
    """DECIMAL rounded to the cent (half away from zero, as DuckDB casts), as a number; None → NaN."""
    return float("nan") if value is None else float(Decimal(value).quantize(_CENT, ROUND_HALF_UP))


def comparisons_of(ctx: Context) -> pd.DataFrame:
    """One row per comparison made by any rule on the context's documents (exact Decimal arithmetic)."""
    rules = load_rules()
    by_id = {rule.id: rule for rule in rules}
    present = ctx.present()
    yielding = tuple(rule for rule in rules if rule.can_yield(present))
    step = tolerance_per_cell()
    records = []
    for row in evaluate(ctx, tuple(r for r in yielding if r.comparison != "percent_interval")):
        rule = by_id[row.rule_id]
        expected, observed = row.expected, row.observed
        tolerance = row.n_terms * step
        difference = None if expected is None or observed is None else Decimal(observed) - Decimal(expected)
        excess = None if difference is None else \
            (difference if rule.comparison == "part_le_whole" else abs(difference)) - tolerance
        records.append((row.rule_id, rule.family, rule.severity, rule.comparison, rule.description, row.document_id,
                        row.table_kind, row.subject, _cents(expected), _cents(observed), row.n_terms, _cents(tolerance),
                        _cents(difference), _cents(excess), row.source_line, row.source_page, row.row_label,
                        [int(s) for s in row.fact_seqs]))
    # the narrative_percent template's rows are comparisons already (expected … excess computed, no fact named)
    for row in evaluate(ctx, tuple(r for r in yielding if r.comparison == "percent_interval")):
        rule = by_id[row["rule_id"]]
        records.append(tuple({**row, "family": rule.family, "severity": rule.severity, "comparison": rule.comparison,
                              "description": rule.description}[c] for c in COLUMNS))
    return pd.DataFrame(records, columns=COLUMNS)


def compute_comparisons(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> pd.DataFrame:
    """One row per comparison made by any rule on these documents (fills _scope)."""
    scope(con, document_ids)
    return comparisons_of(Context.load(con))
