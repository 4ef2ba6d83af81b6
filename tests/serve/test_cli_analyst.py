"""Analyst CLI: export to partitioned Parquet (read back with pyarrow), units, show, help."""

import pyarrow.dataset as ds
import duckdb

from tests.test_cli import run


def test_export_parquet_partitioned_by_year_and_province_reads_back_with_pyarrow(warehouse, tmp_path):
    out = tmp_path / "out"
    result = run(["export", str(out), "--format", "parquet"], warehouse)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "facts").iterdir() if p.is_dir()) == ["year=2024", "year=2025"]
    assert sorted(p.name for p in (out / "facts" / "year=2025").iterdir()) == ["province=内蒙古自治区"]
    assert (out / "facts" / "_SUCCESS").exists()  # written last; Spark, Trino and pyarrow skip _ files
    table = ds.dataset(out / "facts", format="parquet", partitioning="hive").to_table()
    con = duckdb.connect(str(warehouse), read_only=True)
    expected = con.execute("select count(*), sum(amount) from v_facts").fetchone()
    con.close()
    assert table.num_rows == expected[0] == 932
    assert sum(v.as_py() for v in table.column("amount")) == expected[1]
    assert set(table.column("year").to_pylist()) == {2024, 2025}
    assert set(table.column("province").to_pylist()) == {"内蒙古自治区", "青海省", "辽宁省"}


def test_units_and_show(warehouse):
    units = run(["units"], warehouse)
    assert units.returncode == 0 and "401003" in units.stdout and "海东市社会保险服务局" in units.stdout
    shown = run(["show", "chaoyang"], warehouse)
    assert shown.returncode == 0
    assert "gpb_basic_expenditure" in shown.stdout and "extract.code_repaired" in shown.stdout
    ambiguous = run(["show", "2024"], warehouse)
    assert ambiguous.returncode == 2 and "documents match" in ambiguous.stderr


def test_help_has_examples_in_chinese_and_english_terms(tmp_path):
    result = run(["--help"], tmp_path / "w.duckdb")
    assert result.returncode == 0
    assert "决算 = final account" in result.stdout and "yjs export" in result.stdout
    assert "--install-completion" in result.stdout
