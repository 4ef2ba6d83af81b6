"""Incremental cost (issue 5 target: ≤ 1.2×): one new report into a big warehouse vs into an empty one.

    .venv/bin/python bench/incremental_ingest.py [--scale 100] [--repeat 5]
    .venv/bin/python bench/incremental_ingest.py --facts 10000000 [--repeat 5] [--workdir /tmp/yjs-bench]

--scale N: the sample corpus loaded once and its documents cloned N-1 times in SQL (new document ids,
same facts), which is what N× more data looks like to the loader.
--facts N: a warehouse of at least N facts as bench/query_latency.py builds it (generated reports
for 24 units × 2019–2026 × budget and final, their units cloned in SQL: thousands of units,
~46,000 documents at 10 M facts); built once in --workdir, copied for the run.

Each repeat ingests a new variant of the 2025 budget sample (ingest_file with a connection
factory, as `yjs ingest` and the Dagster asset open the warehouse per document) into a new empty
warehouse and into the big one, alternating; the medians are compared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("fact_amount", "doc_fact_unit", "doc_table", "dq_results", "doc_claim", "class_label")


def grow(con, scale: int) -> None:
    """Clone every document scale-1 times (ids suffixed), like scale× more disclosures."""
    for copy in range(1, scale):
        suffix = f"c{copy:03d}"
        for table in TABLES:
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
                [table]).fetchall()]
            select = ", ".join(f"document_id || '{suffix}'" if c == "document_id" else f'"{c}"' for c in columns)
            con.execute(f"insert into {table} select {select} from {table} where length(document_id) = 16")
        con.execute(
            f"insert into dim_document select * replace (document_id || '{suffix}' as document_id, "
            f"'superseded' as status, md5(version_key || '{suffix}') as version_key) "
            f"from dim_document where length(document_id) = 16")


def scaled_warehouse(path: Path, scale: int) -> str:
    con = connect(path)
    for file in expand_paths([ROOT / "data" / "raw"]):
        ingest_file(con, file)
    grow(con, scale)
    con.close()
    return f"{scale}× the corpus"


def generated_warehouse(path: Path, facts: int, workdir: Path) -> str:
    from query_latency import warehouse

    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(warehouse(workdir, facts, print), path)
    return "generated reports, units cloned"


def one_report(folder: Path, index: int) -> Path:
    path = folder / f"new-{index}.txt"
    source = ROOT / "data" / "raw" / "baotou-hrss-dept-2025-budget.txt"
    path.write_text(source.read_text(encoding="utf-8") + f"\n<!-- new {index} -->\n", encoding="utf-8")
    return path


def timed_ingest(warehouse: Path, path: Path) -> float:
    started = time.perf_counter()
    result = ingest_file(lambda: connect(warehouse), path)
    assert result.status == "loaded", result
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--scale", type=int, default=100, help="clone the sample corpus N× (default 100)")
    size.add_argument("--facts", type=int, help="a generated warehouse of at least N facts instead of --scale")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/yjs-bench"), help="where --facts warehouses are kept")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.facts:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.workdir if args.facts else None) as tmp:
        tmp = Path(tmp)
        big = tmp / "big.duckdb"
        built = generated_warehouse(big, args.facts, args.workdir) if args.facts else scaled_warehouse(big, args.scale)
        con = connect(big)
        facts, documents = con.execute("select (select count(*) from fact_amount), count(*) from dim_document").fetchone()
        con.close()
        size = os.path.getsize(big)
        empty_times, big_times = [], []
        for index in range(args.repeat):
            empty = tmp / f"empty-{index}.duckdb"
            connect(empty).close()  # schema applied, no data
            empty_times.append(timed_ingest(empty, one_report(tmp, index)))
            big_times.append(timed_ingest(big, one_report(tmp, 1000 + index)))
    empty_median, big_median = statistics.median(empty_times), statistics.median(big_times)
    print(f"warehouse: {facts:,} facts, {documents:,} documents, {size / 2**20:,.0f} MiB ({built}); "
          f"report: 2025 budget (349 facts)")
    print(f"ingest one report: empty {empty_median:.3f}s, big {big_median:.3f}s (median of {args.repeat}; "
          f"empty {' '.join(f'{t:.3f}' for t in empty_times)}; big {' '.join(f'{t:.3f}' for t in big_times)})")
    print(f"ratio big/empty: {big_median / empty_median:.2f} (target ≤ 1.20)")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
