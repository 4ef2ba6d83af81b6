"""Apply the DDL in sql/ and seed the classification dimensions from reference/."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.reference import load_csv

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"


def sql_files(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create tables and views if missing (idempotent) and refresh the national code lists."""
    for path in sql_files("ddl") + sql_files("views"):
        con.execute(path.read_text(encoding="utf-8"))
    for table, csv_name in (("dim_func_class", "func_class.csv"), ("dim_econ_class", "econ_class.csv")):
        rows = [(r["code"], r["name"], int(r["level"]), r["parent_code"] or None) for r in load_csv(csv_name)]
        con.executemany(
            f"insert into {table} values (?, ?, ?, ?, 'national') "
            "on conflict (code) do update set name = excluded.name, level = excluded.level, "
            "parent_code = excluded.parent_code, source = 'national'",
            rows,
        )
