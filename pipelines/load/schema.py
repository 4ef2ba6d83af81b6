"""Apply the DDL in sql/ and seed the classification dimensions from reference/."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.reference import REFERENCE_DIR, load_csv, load_yaml

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
_BASE_VIEWS = ("v_facts.sql", "v_table_coverage.sql")


def sql_files(folder: str) -> list[Path]:
    # the views other views are built on first: v_facts (the analyst views), v_table_coverage (the coverage views)
    return sorted((SQL_DIR / folder).glob("*.sql"), key=lambda p: (p.name not in _BASE_VIEWS, p.name))


def _fingerprint() -> str:
    parts = [p.read_bytes() for p in sql_files("ddl") + sql_files("views")]
    parts += [(REFERENCE_DIR / name).read_bytes()
              for name in ("func_class.csv", "econ_class.csv", "standard_tables.yaml", "unit_kinds.yaml")]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _seed_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from ref_standard_table")
    for stage, kinds in load_yaml("standard_tables.yaml").items():
        con.executemany("insert into ref_standard_table values (?, ?)", [(stage, kind) for kind in kinds])


def refresh_unit_kinds(con: duckdb.DuckDBPyConnection, names: set[str] | None = None) -> None:
    """Classify units by name (reference/unit_kinds.yaml) for peer comparisons: these names, or all."""
    kinds = load_yaml("unit_kinds.yaml")["kinds"]
    if names is None:
        names = {n for (n,) in con.execute("select distinct unit_name from dim_unit").fetchall()}
        con.execute("delete from dim_unit_kind")
    for name in sorted(names):
        match = next((k for k in kinds if any(word in name for word in k["keywords"])), None)
        if match:
            con.execute("insert or replace into dim_unit_kind values (?, ?, ?)", [name, match["kind"], match["label"]])


def _migrate_exact_amount(con: duckdb.DuckDBPyConnection) -> None:
    """fact_amount.amount was DECIMAL(18,2), rounded; it is DECIMAL(20,6), exactly as printed
    (CONTRACT.md). Older warehouses take the value from amount_exact, once (the rewrite of every
    fact row is not repeated on later schema changes)."""
    (kind,) = con.execute("select data_type from information_schema.columns "
                          "where table_name = 'fact_amount' and column_name = 'amount'").fetchone()
    if kind != "DECIMAL(20,6)":
        con.execute("alter table fact_amount alter column amount set data type decimal(20, 6) using amount_exact")


def _migrate_rule_lists(con: duckdb.DuckDBPyConnection) -> None:
    """fact_amount.verified_by / broken_by were VARCHAR[]; they are comma-separated text (v_facts still gives
    lists). Older warehouses convert them once."""
    for column in ("verified_by", "broken_by"):
        (kind,) = con.execute("select data_type from information_schema.columns "
                              "where table_name = 'fact_amount' and column_name = ?", [column]).fetchone()
        if kind != "VARCHAR":
            con.execute(f"alter table fact_amount alter column {column} set data type varchar "
                        f"using array_to_string({column}, ',')")


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create tables and views and refresh the national code lists — only when the DDL or the
    lists changed since the warehouse last saw them (a fingerprint in meta_schema)."""
    con.execute("create table if not exists meta_schema (fingerprint varchar)")
    fingerprint = _fingerprint()
    if con.execute("select count(*) from meta_schema where fingerprint = ?", [fingerprint]).fetchone()[0]:
        return
    for path in sql_files("ddl"):
        con.execute(path.read_text(encoding="utf-8"))
    _migrate_exact_amount(con)
    _migrate_rule_lists(con)
    for path in sql_files("views"):
        con.execute(path.read_text(encoding="utf-8"))
    for table, csv_name in (("dim_func_class", "func_class.csv"), ("dim_econ_class", "econ_class.csv")):
        rows = load_csv(csv_name)
        staged = pa.table({  # noqa: F841 (read by name below)
            "code": [r["code"] for r in rows], "name": [r["name"] for r in rows],
            "level": [int(r["level"]) for r in rows], "parent_code": [r["parent_code"] or None for r in rows]})
        con.execute(
            f"insert into {table} select code, name, level, parent_code, 'national' from staged "
            "on conflict (code) do update set name = excluded.name, level = excluded.level, "
            "parent_code = excluded.parent_code, source = 'national'")
    _seed_reference_tables(con)
    if con.execute("select count(*) from dim_unit").fetchone()[0]:
        refresh_unit_kinds(con)  # the kinds list may have changed
    con.execute("delete from meta_schema")
    con.execute("insert into meta_schema values (?)", [fingerprint])
