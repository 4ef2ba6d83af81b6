"""doc_fact_unit: per document, the units, scopes and units of measure of its facts (with counts).

The loader writes it from the facts it stages (pipelines.load.warehouse); `summarize_documents`
rebuilds it from fact_amount for documents whose facts were written or changed another way (a
warehouse built by SQL, as the benchmarks and some tests do)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

SUMMARY_SQL = ("select document_id, unit_id, scope, unit_of_measure, count(*) as facts from {source} "
               "{where} group by all")


def summarize_staged(con: duckdb.DuckDBPyConnection, staged_facts: pa.Table) -> None:
    """Insert the summary of a new document's facts, as the loader staged them for fact_amount."""
    con.execute(f"insert into doc_fact_unit {SUMMARY_SQL.format(source='staged_facts', where='')}")


def summarize_documents(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    """Rebuild the summary of these documents from fact_amount."""
    ids = list(document_ids)
    con.execute("delete from doc_fact_unit where document_id in (select unnest($ids))", {"ids": ids})
    con.execute(f"insert into doc_fact_unit "
                f"{SUMMARY_SQL.format(source='fact_amount', where='where document_id in (select unnest($ids))')}",
                {"ids": ids})
