"""Export the warehouse as Parquet: facts Hive-partitioned (facts/year=…/province=…/), dimensions and findings as single files.

The partition directories are written here, not by DuckDB's ``COPY … PARTITION_BY`` or pyarrow's
``write_dataset``: both percent-encode every non-ASCII byte (``province=%E5%86%85…``), which pyarrow and
DuckDB decode but Spark (and Hive/Trino) decode byte by byte into mojibake (``å\\x86\\x85…``). Partition
values are instead made safe directory names by :func:`safe_segment` (no ``/``, ``=``, ``%``, quotes,
control characters or spaces, at most 120 bytes) and written as plain UTF-8, so every engine reads back
``内蒙古自治区``. One sorted pass over ``v_facts`` streams Arrow batches into one Parquet file per partition
(a new file every ``rows_per_file`` rows); ``amount`` stays DECIMAL(20,6), exactly as in v_facts (stored as a
fixed-length integer, as DuckDB and Spark store decimals of more than 18 digits). The new ``facts/`` replaces the old one only when complete (``facts/_SUCCESS`` marks it).
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.reference import load_csv

PARTITION_KEYS = ("year", "province", "stage", "region", "table_kind", "scope")
DEFAULT_PARTITION_BY = ("year", "province")
UNKNOWN = "unknown"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # what Hive, Spark, pyarrow and DuckDB read as NULL
ROWS_PER_FILE = 5_000_000
BATCH_ROWS = 1_000_000  # rows per Arrow batch from DuckDB = the largest Parquet row group
_MAX_SEGMENT_BYTES = 120
_TABLES = ("dim_unit", "dim_document", "dim_func_class", "dim_econ_class", "dq_results", "doc_table")
# Characters Spark/Hive escape in partition paths (FileUtils.escapePathName), Windows' extras, and whitespace.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"#%'*/:=?\\{}\[\]^<>|\s]+")
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


@lru_cache(maxsize=1)
def _region_index() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Provinces, (city, province) and (short province name, province) from regions.csv, longest names first."""
    rows = load_csv("regions.csv")
    provinces = tuple(sorted({r["province"] for r in rows}, key=len, reverse=True))
    cities = tuple(sorted(((r["city"], r["province"]) for r in rows), key=lambda cp: -len(cp[0])))
    short = []
    for province in provinces:
        suffix = next(s for s in _PROVINCE_SUFFIXES if province.endswith(s))
        short.append((province[: -len(suffix)], province))
    return provinces, cities, tuple(sorted(short, key=lambda sp: -len(sp[0])))


def province_of(region: str | None) -> str:
    """The province (省级) of a region string, from ``reference/regions.csv``; ``'unknown'`` if none fits.

    内蒙古自治区包头市 → 内蒙古自治区, 包头市 → 内蒙古自治区, 北京市朝阳区 → 北京市, 广西… → 广西壮族自治区.
    A full province name wins (the earliest printed), then a prefecture-level name (unique nationally,
    so 朝阳市 → 辽宁省, 海南藏族自治州 → 青海省), then a short province name the region starts with.
    """
    if not region or not region.strip():
        return UNKNOWN
    text = region.strip()
    provinces, cities, short = _region_index()
    named = [(text.find(p), p) for p in provinces if p in text]
    if named:
        return min(named)[1]
    for city, province in cities:
        if city in text:
            return province
    for prefix, province in short:
        if text.startswith(prefix):
            return province
    return UNKNOWN


def safe_segment(value: object) -> str:
    """A partition value every engine reads back unchanged and every file system and object store accepts.

    Runs of characters that Spark/Hive would escape (``/ = % : * ? " ' # [ ] { } ^ \\``, ``< > |``,
    control characters) or whitespace become one ``_``; empty becomes ``unknown``; at most 120 bytes.
    """
    text = _UNSAFE.sub("_", str(value)).strip("_") if value is not None else ""
    if text == NULL_PARTITION.strip("_"):
        text = "HIVE_DEFAULT_PARTITION"
    if not text:
        return UNKNOWN
    while len(text.encode("utf-8")) > _MAX_SEGMENT_BYTES:
        text = text[:-1]
    return text


def _partition_values(con: duckdb.DuckDBPyConnection, partition_by: list[str]) -> pa.Table:
    """(key, raw, safe): the directory value of every raw value of every string partition key."""
    rows: list[tuple[str, str | None, str | None]] = []
    regions = [r[0] for r in con.execute("select distinct region from v_facts").fetchall()]
    rows += [("province", region, safe_segment(province_of(region))) for region in regions]
    if "region" in partition_by:
        rows += [("region", region, safe_segment(region)) for region in regions]
    for key in partition_by:
        if key in ("stage", "table_kind", "scope"):
            values = [r[0] for r in con.execute(f"select distinct {key} from v_facts").fetchall()]
            rows += [(key, v, None if v is None else safe_segment(v)) for v in values]
    return pa.table({name: pa.array([r[i] for r in rows], pa.string())
                     for i, name in enumerate(("key", "raw", "safe"))})


def _facts_query(partition_by: list[str]) -> tuple[str, list[str]]:
    """SQL for v_facts + province (+ region_key) with safe partition values, sorted by partition; directory names."""
    joins = [("left join _yjs_partition_values as k_province "
              "on k_province.key = 'province' and k_province.raw is not distinct from f.region")]
    replace, extra, dirs = [], ["k_province.safe as province"], []
    for key in partition_by:
        if key == "region":
            joins.append("left join _yjs_partition_values as k_region "
                         "on k_region.key = 'region' and k_region.raw is not distinct from f.region")
            extra.append("k_region.safe as region_key")  # region itself stays in the files, as printed
            dirs.append("region_key")
        elif key in ("stage", "table_kind", "scope"):
            joins.append(f"left join _yjs_partition_values as k_{key} "
                         f"on k_{key}.key = '{key}' and k_{key}.raw is not distinct from f.{key}")
            replace.append(f"k_{key}.safe as {key}")
            dirs.append(key)
        else:  # year, province
            dirs.append(key)
    star = f"f.* replace ({', '.join(replace)})" if replace else "f.*"
    order = ", ".join([f"{d} nulls last" for d in dirs] + ["document_id", "source_line", "source_col"])
    sql = f"select {star}, {', '.join(extra)} from v_facts as f {' '.join(joins)} order by {order}"
    return sql, dirs


def _runs(batch: pa.RecordBatch, dirs: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the runs of equal partition values in a batch sorted by them."""
    ends = {batch.num_rows}
    for name in dirs:
        ends.update(pc.run_end_encode(batch.column(name)).run_ends.to_pylist())
    starts = [0, *sorted(ends)]
    return [(a, b) for a, b in pairwise(starts) if b > a]


def _write_partitioned(reader: pa.RecordBatchReader, dirs: list[str], root: Path, rows_per_file: int) -> int:
    """Stream sorted batches into root/<dir>=<value>/…/part-NNNNN.parquet; returns rows written."""
    keep = [n for n in reader.schema.names if n not in dirs]
    schema = pa.schema([reader.schema.field(n) for n in keep])
    current: tuple | None = None
    writer: pq.ParquetWriter | None = None
    file_no = rows_in_file = written = 0
    folder = root
    files_in: dict[Path, int] = {}  # a folder met again gets new files, never overwrites its first ones

    def open_next() -> pq.ParquetWriter:
        nonlocal file_no
        file_no = files_in.get(folder, 0)
        files_in[folder] = file_no + 1
        return pq.ParquetWriter(folder / f"part-{file_no:05d}.parquet", schema, compression="zstd",
                                store_decimal_as_integer=True)

    try:
        for batch in reader:
            for start, end in _runs(batch, dirs):
                values = tuple(batch.column(n)[start].as_py() for n in dirs)
                if values != current:
                    if writer is not None:
                        writer.close()
                    current, rows_in_file = values, 0
                    folder = root.joinpath(*(f"{n}={NULL_PARTITION if v is None else v}" for n, v in zip(dirs, values)))
                    folder.mkdir(parents=True, exist_ok=True)
                    writer = open_next()
                part = batch.slice(start, end - start).select(keep)
                while part.num_rows:
                    if rows_in_file == rows_per_file:
                        writer.close()
                        rows_in_file = 0
                        writer = open_next()
                    take = min(part.num_rows, rows_per_file - rows_in_file)
                    writer.write_batch(part.slice(0, take))
                    rows_in_file += take
                    written += take
                    part = part.slice(take)
    finally:
        if writer is not None:
            writer.close()
    return written


def export_parquet(con: duckdb.DuckDBPyConnection, out: Path, partition_by: list[str] | tuple[str, ...] = DEFAULT_PARTITION_BY,
                   rows_per_file: int = ROWS_PER_FILE) -> dict[str, int]:
    """Write out/facts/<key>=<value>/…/part-NNNNN.parquet and out/<table>.parquet; returns rows per output.

    ``partition_by``: keys from PARTITION_KEYS in directory order (default year, province). ``province`` is
    derived from the unit's region (:func:`province_of`) and is also a column of the files when it is not
    a partition key; ``region`` partitions by ``region_key`` (the region as a safe name, ``unknown`` when
    missing) and keeps ``region`` as printed in the files. An existing out/facts/ is replaced.
    """
    keys = list(dict.fromkeys(partition_by))
    unknown = set(keys) - set(PARTITION_KEYS)
    if unknown:
        raise ValueError(f"cannot partition by {sorted(unknown)}; choose from {', '.join(PARTITION_KEYS)}")
    if rows_per_file < 1:
        raise ValueError("rows_per_file must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    facts_dir, partial, old = out / "facts", out / ".facts.partial", out / ".facts.old"
    for leftover in (partial, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    partial.mkdir()
    con.register("_yjs_partition_values", _partition_values(con, keys))
    try:
        sql, dirs = _facts_query(keys)
        reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
        written = {"facts": _write_partitioned(reader, dirs, partial, rows_per_file)}
    finally:
        con.unregister("_yjs_partition_values")
    (partial / "_SUCCESS").touch()
    if facts_dir.exists():
        facts_dir.rename(old)
    partial.rename(facts_dir)
    if old.exists():
        shutil.rmtree(old)
    for table in _TABLES:
        target = str(out / f"{table}.parquet").replace("'", "''")
        con.execute(f"copy {table} to '{target}' (format parquet)")
        written[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
    return written
