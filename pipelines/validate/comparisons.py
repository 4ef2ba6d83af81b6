"""Run every rule's comparison query for a set of documents into one DataFrame.

excess <= 0 means the rule holds: for `equal`, |expected - observed| minus the tolerance; for
`part_le_whole`, observed - expected minus the tolerance. Tolerance = 0.01 万元 × summed cells.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.validate.rules import load_rules, tolerance_per_cell

COLUMNS = ["rule_id", "family", "severity", "comparison", "description", "document_id", "table_kind", "subject",
           "expected", "observed", "n_terms", "tolerance", "difference", "excess", "source_line", "source_page",
           "row_label"]


def _rule_query(rule, step) -> str:
    gap = "observed - expected" if rule.comparison == "part_le_whole" else "abs(observed - expected)"
    return f"""
        select '{rule.id}' as rule_id, cast(document_id as varchar) as document_id,
               cast(table_kind as varchar) as table_kind, cast(subject as varchar) as subject,
               cast(expected as decimal(18, 2)) as expected, cast(observed as decimal(18, 2)) as observed,
               cast(n_terms as integer) as n_terms, cast(source_line as integer) as source_line,
               cast(source_page as integer) as source_page, cast(row_label as varchar) as row_label,
               cast(n_terms * {step} as decimal(18, 2)) as tolerance,
               cast(observed - expected as decimal(18, 2)) as difference,
               cast({gap} - n_terms * {step} as decimal(18, 2)) as excess
        from ({rule.sql()})"""


def compute_comparisons(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> pd.DataFrame:
    """One row per comparison made by any rule on these documents (exact DECIMAL arithmetic).

    All rules run as one UNION ALL query: DuckDB's per-statement cost dominates small batches."""
    con.execute("create or replace temp table _scope as select unnest(?::varchar[]) as document_id", [document_ids])
    rules = {rule.id: rule for rule in load_rules()}
    step = tolerance_per_cell()
    frame = con.execute("\nunion all\n".join(_rule_query(rule, step) for rule in rules.values())).df()
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    for key in ("family", "severity", "comparison", "description"):
        frame[key] = frame["rule_id"].map({rid: getattr(rule, key) for rid, rule in rules.items()})
    frame = frame[COLUMNS].reset_index(drop=True)
    for column in ("expected", "observed", "tolerance", "difference", "excess"):
        frame[column] = frame[column].astype(float)  # exact 2-decimal values; GX compares numbers
    return frame
