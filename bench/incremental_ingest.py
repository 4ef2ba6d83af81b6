"""Incremental cost (issue 5 target: ≤ 1.2×): one new report into a warehouse holding 100× the
sample corpus vs into an empty one.

    .venv/bin/python bench/incremental_ingest.py [--scale 100] [--repeat 5]

The big warehouse is built by loading the corpus once and cloning its documents in SQL (new
document ids, same facts), which is what 100× more data looks like to the loader.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("fact_amount", "doc_table", "dq_results", "doc_claim", "class_label")


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
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = tmp / "big.duckdb"
        con = connect(big)
        for path in expand_paths([ROOT / "data" / "raw"]):
            ingest_file(con, path)
        grow(con, args.scale)
        facts = con.execute("select count(*) from fact_amount").fetchone()[0]
        con.close()
        empty_times, big_times = [], []
        for index in range(args.repeat):
            empty = tmp / f"empty-{index}.duckdb"
            connect(empty).close()  # schema applied, no data
            empty_times.append(timed_ingest(empty, one_report(tmp, index)))
            big_times.append(timed_ingest(big, one_report(tmp, 1000 + index)))
    empty_median, big_median = statistics.median(empty_times), statistics.median(big_times)
    print(f"warehouse: {facts} facts ({args.scale}× the corpus); report: 2025 budget (349 facts)")
    print(f"ingest one report: empty {empty_median:.3f}s, big {big_median:.3f}s (median of {args.repeat})")
    print(f"ratio big/empty: {big_median / empty_median:.2f} (target ≤ 1.20)")


if __name__ == "__main__":
    main()
