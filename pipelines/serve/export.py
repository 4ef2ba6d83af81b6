"""Export the warehouse as Parquet: facts Hive-partitioned, dimensions and findings as single files."""

from __future__ import annotations

from pathlib import Path

import duckdb

_ALLOWED_PARTITIONS = {"year", "stage", "region", "table_kind", "scope"}
_TABLES = ("dim_unit", "dim_document", "dim_func_class", "dim_econ_class", "dq_results", "doc_table")


def export_parquet(con: duckdb.DuckDBPyConnection, out: Path, partition_by: list[str]) -> dict[str, int]:
    """Write out/facts/<col>=<value>/…parquet and out/<table>.parquet; returns rows per output."""
    unknown = set(partition_by) - _ALLOWED_PARTITIONS
    if unknown:
        raise ValueError(f"cannot partition by {sorted(unknown)}; choose from {sorted(_ALLOWED_PARTITIONS)}")
    out.mkdir(parents=True, exist_ok=True)
    facts_dir = out / "facts"
    columns = ", ".join(partition_by)
    con.execute(
        f"copy (select *, coalesce(region, 'unknown') as region_key from v_facts) to '{facts_dir}' "
        f"(format parquet, partition_by ({columns.replace('region', 'region_key')}), overwrite_or_ignore true)")
    written = {"facts": con.execute("select count(*) from v_facts").fetchone()[0]}
    for table in _TABLES:
        con.execute(f"copy {table} to '{out / (table + '.parquet')}' (format parquet)")
        written[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
    return written
