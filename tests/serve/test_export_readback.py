"""`yjs export --by year --by province` read back by other engines: pyarrow.dataset and Spark (local mode).

Totals (count and sum(amount) per year, per province and per year × province) must equal the warehouse's
v_facts exactly, amount must come back as DECIMAL(20,6) in both engines, and the province directories must
be plain UTF-8 names (DuckDB's and pyarrow's own writers percent-encode them, which Spark decodes into
mojibake). Spark runs once per module in a subprocess (tests/serve/spark_readback.py; JVM start-up is most
of its cost) and is skipped only when no Java runtime is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from pipelines.reference import load_csv
from pipelines.serve.export import UNKNOWN, export_parquet, province_of, safe_segment
from tests.test_cli import run

SAMPLE_PROVINCES = {"内蒙古自治区", "青海省", "辽宁省"}


# --- province reference data ---------------------------------------------------------------------

@pytest.mark.parametrize("region, province", [
    ("内蒙古自治区包头市", "内蒙古自治区"),
    ("青海省海东市", "青海省"),
    ("辽宁省朝阳市", "辽宁省"),
    ("包头市", "内蒙古自治区"),        # a city alone: prefecture-level names are unique nationally
    ("海东市", "青海省"),
    ("朝阳市", "辽宁省"),
    ("北京市", "北京市"),
    ("北京市朝阳区", "北京市"),        # the province name wins over a city name inside it
    ("海南藏族自治州", "青海省"),      # not 海南省
    ("吉林市", "吉林省"),
    ("广西南宁", "广西壮族自治区"),    # short province name
    ("内蒙古自治区", "内蒙古自治区"),
    (" 辽宁省 ", "辽宁省"),
    ("火星市", UNKNOWN),
    ("", UNKNOWN),
    (None, UNKNOWN),
])
def test_province_of(region, province):
    assert province_of(region) == province


def test_every_row_of_the_region_reference_maps_to_its_province():
    rows = load_csv("regions.csv")
    assert len({r["province"] for r in rows}) == 31
    for row in rows:
        assert province_of(row["province"]) == row["province"], row
        assert province_of(row["city"]) == row["province"], row
        assert province_of(row["province"] + row["city"]) == row["province"], row
        assert safe_segment(row["province"]) == row["province"], "province names are directory names as they are"


@pytest.mark.parametrize("raw, safe", [
    ("内蒙古自治区", "内蒙古自治区"),
    ("final", "final"),
    ("a/b", "a_b"),
    ("x=y", "x_y"),
    ("50%", "50"),
    ("a b\tc", "a_b_c"),
    ('他"的\'单位*?', "他_的_单位"),
    ("../..", ".._.."),
    ("", UNKNOWN),
    ("///", UNKNOWN),
    (None, UNKNOWN),
    ("__HIVE_DEFAULT_PARTITION__", "HIVE_DEFAULT_PARTITION"),
])
def test_safe_segment(raw, safe):
    assert safe_segment(raw) == safe


def test_safe_segment_keeps_names_short():
    assert len(safe_segment("单" * 200).encode("utf-8")) <= 120


def test_unknown_partition_key_is_refused(warehouse, tmp_path):
    result = run(["export", str(tmp_path / "out"), "--by", "year", "--by", "city"], warehouse)
    assert result.returncode == 2
    assert "cannot partition by ['city']" in result.stderr


# --- export and read back ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def expected(warehouse):
    """count and sum(amount) of v_facts per year, per province and per (year, province), from the warehouse."""
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("select year, region, count(*), sum(amount) from v_facts group by all").fetchall()
    total = con.execute("select count(*), sum(amount) from v_facts").fetchone()
    con.close()
    totals = {"year": defaultdict(lambda: [0, Decimal(0)]), "province": defaultdict(lambda: [0, Decimal(0)]),
              "year_province": defaultdict(lambda: [0, Decimal(0)])}
    for year, region, count, amount in rows:
        for grain, key in (("year", year), ("province", province_of(region)), ("year_province", (year, province_of(region)))):
            totals[grain][key][0] += count
            totals[grain][key][1] += amount
    result = {grain: {k: tuple(v) for k, v in values.items()} for grain, values in totals.items()}
    result["total"] = total
    return result


@pytest.fixture(scope="module")
def exported(warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "out"
    result = run(["export", str(out), "--by", "year", "--by", "province"], warehouse)
    assert result.returncode == 0, result.stderr
    assert "facts: 932 rows" in result.stdout
    return out / "facts"


def test_partition_directories_are_year_then_province_in_plain_utf8(exported, expected):
    dirs = sorted(str(p.relative_to(exported)) for p in exported.glob("*/*") if p.is_dir())
    assert dirs == sorted(f"year={y}/province={p}" for y, p in expected["year_province"])
    assert dirs == ["year=2024/province=内蒙古自治区", "year=2024/province=辽宁省", "year=2024/province=青海省",
                    "year=2025/province=内蒙古自治区"]
    assert (exported / "_SUCCESS").exists()
    assert all(p.name.startswith("part-") for p in exported.rglob("*.parquet"))


def _hashable(row) -> tuple:
    """A row with its list values (verified_by, broken_by) as tuples, to count rows."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in row)


def _grouped(table: pa.Table, keys: list[str]) -> dict:
    agg = table.group_by(keys).aggregate([("amount", "count"), ("amount", "sum")])
    out = {}
    for row in agg.to_pylist():
        key = tuple(row[k] for k in keys)
        out[key[0] if len(key) == 1 else key] = (row["amount_count"], row["amount_sum"])
    return out


def test_pyarrow_dataset_reads_back_the_same_totals_and_decimal_amounts(exported, expected, warehouse):
    dataset = ds.dataset(exported, format="parquet", partitioning="hive")
    assert dataset.schema.field("amount").type == pa.decimal128(20, 6)
    assert dataset.schema.field("year").type == pa.int32()
    assert dataset.schema.field("province").type == pa.string()
    table = dataset.to_table()
    assert (table.num_rows, sum(table.column("amount").to_pylist())) == expected["total"]
    assert _grouped(table, ["year"]) == expected["year"]
    assert _grouped(table, ["province"]) == expected["province"]
    assert set(expected["province"]) == SAMPLE_PROVINCES
    assert _grouped(table, ["year", "province"]) == expected["year_province"]
    # every row as it is in v_facts (the partition columns come back from the directory names)
    con = duckdb.connect(str(warehouse), read_only=True)
    columns = [d[0] for d in con.execute("select * from v_facts limit 0").description]
    want = Counter(map(_hashable, con.execute("select * from v_facts").fetchall()))
    con.close()
    assert Counter(map(_hashable, zip(*(table.column(c).to_pylist() for c in columns)))) == want


def test_a_pruned_read_touches_one_province(exported, expected):
    dataset = ds.dataset(exported, format="parquet", partitioning="hive")
    where = (ds.field("year") == 2024) & (ds.field("province") == "青海省")
    assert len(list(dataset.get_fragments(filter=where))) == 1
    table = dataset.to_table(filter=where)
    assert (table.num_rows, sum(table.column("amount").to_pylist())) == expected["year_province"][(2024, "青海省")]


def test_default_partitioning_is_year_province_and_region_partitions_keep_the_region(warehouse, tmp_path):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        default = export_parquet(con, tmp_path / "default")
        by_region = export_parquet(con, tmp_path / "region", ["year", "region", "stage"])
        again = export_parquet(con, tmp_path / "region", ["year", "province", "year"], rows_per_file=100)
    finally:
        con.close()
    assert default["facts"] == by_region["facts"] == again["facts"] == 932
    assert (tmp_path / "default" / "facts" / "year=2025" / "province=内蒙古自治区").is_dir()
    assert (tmp_path / "region" / "facts" / "year=2024" / "province=辽宁省").is_dir()
    # the second export replaced the first one: no region_key directories left to double-count
    assert not list((tmp_path / "region" / "facts").glob("*/region_key=*"))
    files = list((tmp_path / "region" / "facts").rglob("*.parquet"))
    assert max(ds.dataset(f, format="parquet").count_rows() for f in files) == 100
    assert ds.dataset(tmp_path / "region" / "facts", format="parquet", partitioning="hive").count_rows() == 932


def test_duckdb_reads_back_the_same_totals(exported, expected):
    con = duckdb.connect()
    rows = con.execute(
        "select province, count(*), sum(amount), any_value(typeof(amount)) from read_parquet(?, hive_partitioning = true) "
        "group by province", [str(exported / "**" / "*.parquet")]).fetchall()
    con.close()
    assert {p: (n, total) for p, n, total, _ in rows} == expected["province"]
    assert {t for *_, t in rows} == {"DECIMAL(20,6)"}


def test_unknown_and_hostile_regions_become_safe_directories(tmp_path):
    """A region outside the reference or missing → province=unknown; a region with / = % and spaces → a safe region_key."""
    con = duckdb.connect()
    for table in ("dim_unit", "dim_document", "dim_func_class", "dim_econ_class", "dq_results", "doc_table"):
        con.execute(f"create table {table} as select 1 as x")
    con.execute("""create view v_facts as select * from (values
        ('d1', 'u', '火星市/基地 =50%', 2024, 1.10::decimal(20,6), 1, 1),
        ('d2', 'u', null, 2024, 2.20::decimal(20,6), 1, 1),
        ('d3', 'u', '内蒙古自治区包头市', null, 3.30::decimal(20,6), 1, 1)
    ) as t(document_id, unit_name, region, year, amount, source_line, source_col)""")
    written = export_parquet(con, tmp_path / "out", ["year", "province", "region"])
    con.close()
    assert written["facts"] == 3
    facts = tmp_path / "out" / "facts"
    dirs = sorted(str(p.relative_to(facts)) for p in facts.glob("*/*/*") if p.is_dir())
    assert dirs == ["year=2024/province=unknown/region_key=unknown",
                    "year=2024/province=unknown/region_key=火星市_基地_50",
                    "year=__HIVE_DEFAULT_PARTITION__/province=内蒙古自治区/region_key=内蒙古自治区包头市"]
    table = ds.dataset(facts, format="parquet", partitioning="hive").to_table()
    back = {r["document_id"]: (r["year"], r["province"], r["region"], r["amount"]) for r in table.to_pylist()}
    assert back == {"d1": (2024, "unknown", "火星市/基地 =50%", Decimal("1.10")),  # region as printed stays in the file
                    "d2": (2024, "unknown", None, Decimal("2.20")),
                    "d3": (None, "内蒙古自治区", "内蒙古自治区包头市", Decimal("3.30"))}


# --- Spark ---------------------------------------------------------------------------------------

def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@pytest.fixture(scope="module")
def spark_read(exported, tmp_path_factory):
    """What Spark reads back from the export (tests/serve/spark_readback.py in a subprocess: pyspark
    never enters this interpreter, as it never enters the pipeline's)."""
    if _java() is None:
        pytest.skip("no Java runtime (java on PATH or $JAVA_HOME); Spark needs one: apt-get install default-jre-headless")
    scratch = tmp_path_factory.mktemp("spark")
    result = subprocess.run([sys.executable, str(Path(__file__).with_name("spark_readback.py")), str(exported),
                             str(scratch)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _decimal(value: str) -> Decimal:
    kind, number = value.split(":", 1)
    assert kind == "Decimal", value  # Spark hands DECIMAL(20,6) sums back as Python Decimals
    return Decimal(number)


def test_spark_reads_back_the_same_totals_and_decimal_amounts(spark_read, expected):
    types = spark_read["types"]
    assert types["amount"] == "decimal(20,6)"
    assert types["year"] == "int"
    assert types["province"] == "string"
    got = {grain: {} for grain in ("year_province", "year", "province", "total")}
    for g, year, province, n, total in spark_read["rows"]:
        grain, key = {0: ("year_province", (year, province)), 1: ("year", year),
                      2: ("province", province), 3: ("total", None)}[g]
        got[grain][key] = (n, _decimal(total))
    assert got["total"][None] == expected["total"]
    assert got["year"] == expected["year"]
    assert got["province"] == expected["province"]
    assert set(got["province"]) == SAMPLE_PROVINCES  # UTF-8 names, not mojibake
    assert got["year_province"] == expected["year_province"]


def test_spark_prunes_partitions_by_province(spark_read, expected):
    pruned = spark_read["pruned"]
    assert (pruned["count"], Decimal(pruned["total"])) == expected["year_province"][(2024, "辽宁省")]
    scan = pruned["scan"]
    partition_filters = scan.split("PartitionFilters: [", 1)[1].split("]", 1)[0]
    assert "year" in partition_filters and "辽宁省" in partition_filters, scan


def test_pyspark_stays_out_of_this_interpreter(spark_read):
    assert "pyspark" not in sys.modules
