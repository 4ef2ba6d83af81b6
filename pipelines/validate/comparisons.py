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


def compute_comparisons(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> pd.DataFrame:
    """One row per comparison made by any rule on these documents (exact DECIMAL arithmetic)."""
    con.execute("create or replace temp table _scope as select unnest(?::varchar[]) as document_id", [document_ids])
    step = tolerance_per_cell()
    frames = []
    for rule in load_rules():
        gap = "observed - expected" if rule.comparison == "part_le_whole" else "abs(observed - expected)"
        frame = con.execute(
            f"""
            with comparisons as ({rule.sql()})
            select *, cast(n_terms * {step} as decimal(18, 2)) as tolerance,
                   cast(observed - expected as decimal(18, 2)) as difference,
                   cast({gap} - n_terms * {step} as decimal(18, 2)) as excess
            from comparisons
            """
        ).df()
        if frame.empty:
            continue
        for key in ("family", "severity", "comparison", "description"):
            frame[key] = getattr(rule, key)
        frame["rule_id"] = rule.id
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.concat(frames, ignore_index=True)[COLUMNS]
    for column in ("expected", "observed", "tolerance", "difference", "excess"):
        frame[column] = frame[column].astype(float)  # exact 2-decimal values; GX compares numbers
    return frame
