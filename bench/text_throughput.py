"""Text reports per second per core (issue 7 target: ≥ 20), on a generated corpus.

    .venv/bin/python bench/text_throughput.py [--reports 200] [--seed 1]

Generates reports with tools/corpus (varied layouts), then times read → locate → normalize
(extraction) and the full ingest into a fresh warehouse, in one process (one core).
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from pipelines.extract import extract_report
from corpus import generated_reports
from pipelines.ingest import ingest_file
from pipelines.load import connect

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        files = generated_reports(corpus, args.reports, args.seed)
        extract_report(files[0])  # warm imports and reference caches
        started = time.perf_counter()
        facts = sum(len(extract_report(f).facts) for f in files)
        extract_seconds = time.perf_counter() - started
        con = connect(Path(tmp) / "w.duckdb")
        started = time.perf_counter()
        for f in files:
            ingest_file(con, f)
        ingest_seconds = time.perf_counter() - started
        con.close()
    print(f"machine: {platform.machine()} Python {platform.python_version()}; {len(files)} generated reports, {facts} facts")
    print(f"extraction (read+locate+normalize): {len(files) / extract_seconds:.1f} reports/s per core "
          f"({facts / extract_seconds:,.0f} facts/s)")
    print(f"ingest (extraction + load into DuckDB): {len(files) / ingest_seconds:.1f} reports/s per core")
    print(f"target ≥ 20 reports/s per core: extraction {len(files) / extract_seconds / 20:.2f}×, "
          f"ingest {len(files) / ingest_seconds / 20:.2f}×")


if __name__ == "__main__":
    main()
