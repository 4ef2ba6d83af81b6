"""How much validation adds to ingestion (issue 4 target: < 50 %).

    .venv/bin/python bench/validation_overhead.py [--copies 10]

Ingests the sample corpus (each file `copies` times, made distinct by a trailing line so every
copy is its own document), then validates all documents; prints seconds, ratios and throughput.
The one-off import of Great Expectations is timed and reported separately.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for path in expand_paths([ROOT / "data" / "raw"]):
            text = path.read_text(encoding="utf-8")
            for copy in range(args.copies):
                (inbox / f"{copy:03d}-{path.name}").write_text(text + f"\n<!-- copy {copy} -->\n", encoding="utf-8")
        files = expand_paths([inbox])
        con = connect(Path(tmp) / "w.duckdb")
        started = time.perf_counter()
        ids = [ingest_file(con, f).document_id for f in files]
        ingest = time.perf_counter() - started

        started = time.perf_counter()
        import great_expectations  # noqa: F401  (one-off per process)
        gx_import = time.perf_counter() - started
        from pipelines.validate.runner import validate_documents

        started = time.perf_counter()
        report = validate_documents(con, ids)
        validate = time.perf_counter() - started
        facts = con.execute("select count(*) from fact_amount").fetchone()[0]
        con.close()
    print(f"machine: {platform.machine()} {platform.python_version()}, documents: {len(ids)}, facts: {facts}")
    print(f"ingest (read+locate+normalize+load): {ingest:.2f}s  ({len(ids) / ingest:.1f} documents/s)")
    print(f"validate (all suites, {sum(s.get('evaluated_expectations', 0) for s in report.suites.values())} expectations): "
          f"{validate:.2f}s  ({len(ids) / validate:.1f} documents/s)")
    print(f"validation overhead: {validate / ingest:.0%} of ingest time "
          f"(+ {gx_import:.2f}s one-off Great Expectations import = {(validate + gx_import) / ingest:.0%})")


if __name__ == "__main__":
    main()
