"""A new warehouse holding one loaded document and nothing else, for tests that write facts (insert_table) and claims straight
into it and run only the validator's queries (no reader, no GX)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

from pipelines.load import connect

DOC = "d0000000000000001"


def one_document(path: Path, *, file_name: str = "x.pdf", source_format: str = "pdf", unit_id: str = "u1",
                 year: int = 2026, stage: str = "budget", scope: str = "department") -> duckdb.DuckDBPyConnection:
    """A warehouse at ``path`` whose dim_document holds DOC, loaded, as described."""
    con = connect(path)
    con.execute("insert into dim_document (document_id, file_name, source_path, sha256, size_bytes, source_format, "
                "status, year, stage, scope, unit_id, ingested_at) values (?, ?, ?, 'x', 1, ?, 'loaded', ?, ?, ?, ?, "
                "now())", [DOC, file_name, file_name, source_format, year, stage, scope, unit_id])
    return con


def insert_table(con: duckdb.DuckDBPyConnection, table_kind: str, rows: list[dict], table_seq: int = 1) -> None:
    """Facts of DOC's own unit in one table, straight into fact_amount: each row a dict of func_code, econ_code,
    item, line_label (any may be left out), measure and amount (printed text, 万元); one printed line per
    (func_code, econ_code, item, line_label), numbered after the facts already there."""
    start = con.execute("select coalesce(max(fact_seq), 0) from fact_amount").fetchone()[0]
    lines: dict[tuple, int] = {}
    for seq, row in enumerate(rows, start + 1):
        func, econ, item, label = (row.get(k) for k in ("func_code", "econ_code", "item", "line_label"))
        line = lines.setdefault((func, econ, item, label), start + 1 + len(lines))
        con.execute("insert into fact_amount (document_id, fact_seq, unit_id, scope, table_kind, func_code, econ_code, "
                    "item, measure, amount, amount_exact, unit_of_measure, original_unit, source_page, source_line, "
                    "source_col, source_text, row_label, table_seq, line_label) values (?, ?, 'u1', 'department', ?, ?, "
                    "?, ?, ?, ?, ?, 'wan_yuan', 'wan_yuan', 1, ?, 1, ?, ?, ?, ?)",
                    [DOC, seq, table_kind, func, econ, item, row["measure"], Decimal(row["amount"]),
                     Decimal(row["amount"]), line, row["amount"], func or econ or item, table_seq, label])
