"""Parallel extraction (issue 7 target: 2 processes ≥ 1.7× one): the same generated reports
extracted with 1 and with N worker processes; loading stays a single writer.

    .venv/bin/python bench/parallel_extraction.py [--reports 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from corpus import generated_reports
from pipelines.ingest import extract_files

def timed(files: list[Path], workers: int) -> float:
    started = time.perf_counter()
    count = sum(1 for e in extract_files(files, workers) if e.report is not None)
    assert count == len(files)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        files = generated_reports(corpus, args.reports, 5)
        timed(files[:4], 1)  # warm imports and caches in this process
        one = timed(files, 1)
        many = timed(files, args.workers)
    print(f"{len(files)} reports on {os.cpu_count()} cores: 1 process {len(files) / one:.1f} reports/s, "
          f"{args.workers} processes {len(files) / many:.1f} reports/s")
    print(f"speed-up: {one / many:.2f}× (target ≥ 1.7× for 2 processes)")


if __name__ == "__main__":
    main()
