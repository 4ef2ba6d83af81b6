"""A new warehouse holding one loaded document and nothing else, for tests that write facts and claims straight
into it and run only the validator's queries (no reader, no GX)."""

from __future__ import annotations

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
