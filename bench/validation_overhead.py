"""How much validation adds to ingestion (issue "Validation" target: < 50 %).

    .venv/bin/python bench/validation_overhead.py [--copies 1 10] [--repeat 3]
    .venv/bin/python bench/validation_overhead.py --real ../shared/real/guangdong-szczj-2026-budget.pdf
    .venv/bin/python bench/validation_overhead.py --real ../shared/real --limit 10
    .venv/bin/python bench/validation_overhead.py --real ../shared/real --each
    .venv/bin/python bench/validation_overhead.py --generated 400 --repeat 1

With --each, every real file is ingested alone into a new warehouse and validated alone (one report per run,
as `yjs ingest FILE` does): its ingest and validation CPU, their ratio, and the median and worst ratio over
the files with facts (the best of --repeat runs per file, so a busy moment of the machine does not count).

With --real, the files named (read in place; a folder: its files, README.md aside, the first --limit
of them) are ingested and validated instead of the text samples (issue 15 part 4 targets: validation
<= 25 % of the ingest of one real PDF report, <= 15 % for a batch of >= 10 reports).

For each `copies` value: the sample corpus, each file `copies` times (made distinct by a trailing
line so every copy is its own document), is ingested into a new warehouse ("ingest":
read + locate + normalize + load, file by file, as `yjs ingest --no-validate` does), then exactly
the documents just ingested are validated ("validation": every rule's comparisons, the Great
Expectations suites, findings and document status written, as `yjs ingest` does after loading).
Each measurement is repeated on a fresh warehouse and the median is printed, as wall time and as
CPU time of this process (all threads; steadier than wall time on a shared machine).

What a process pays once, whatever it validates, is measured first and reported separately: the
import of Great Expectations, and the first validation in the process (GX context, data source,
batch definitions and suites, first use of GX's metric machinery, the rules loaded), here of one
sample report in a throwaway warehouse.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.50


class Clock:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def _inbox(folder: Path, copies: int) -> list[Path]:
    folder.mkdir()
    for path in expand_paths([ROOT / "data" / "raw"]):
        text = path.read_text(encoding="utf-8")
        for copy in range(copies):
            (folder / f"{copy:03d}-{path.name}").write_text(text + f"\n<!-- copy {copy} -->\n", encoding="utf-8")
    return expand_paths([folder])


def one_run(tmp: Path, files: list[Path]) -> tuple[Clock, Clock, int, int, dict]:
    from pipelines.validate.runner import validate_documents

    con = connect(tmp / "w.duckdb")
    try:
        with Clock() as ingest:
            ids = [i for i in (ingest_file(con, f).document_id for f in files) if i]
        with Clock() as validate:
            report = validate_documents(con, ids)
        facts = con.execute("select count(*) from fact_amount").fetchone()[0]
    finally:
        con.close()
    return ingest, validate, len(ids), facts, report.suites


def summary(label: str, runs: list, target: float) -> None:
    documents, facts, suites = runs[0][2], runs[0][3], runs[0][4]
    ingest = statistics.median(r[0].wall for r in runs)
    validate = statistics.median(r[1].wall for r in runs)
    ingest_cpu = statistics.median(r[0].cpu for r in runs)
    validate_cpu = statistics.median(r[1].cpu for r in runs)
    expectations = sum(s.get("evaluated_expectations", 0) for s in suites.values())
    ratio = validate / ingest
    print(f"{label}: {documents} documents, {facts} facts")
    print(f"  ingest (read+locate+normalize+load): {ingest:.3f}s ({documents / ingest:.1f} documents/s), cpu {ingest_cpu:.3f}s")
    print(f"  validation of what was ingested ({len(suites)} suites, {expectations} expectations): "
          f"{validate:.3f}s ({documents / validate:.1f} documents/s), cpu {validate_cpu:.3f}s")
    print(f"  validation / ingest: {ratio:.0%} wall, {validate_cpu / ingest_cpu:.0%} cpu "
          f"(target <= {target:.0%}: {'met' if ratio <= target else 'NOT met'} on wall, "
          f"{'met' if validate_cpu / ingest_cpu <= target else 'NOT met'} on cpu)", flush=True)


def each(tmp: Path, files: list[Path], repeat: int) -> None:
    """Every file alone: best-of-`repeat` ingest and validation CPU, the ratio per file, median and worst."""
    print(f"{'file':48s} {'facts':>6s} {'ingest cpu':>10s} {'valid. cpu':>10s} {'ratio':>6s}")
    ratios = []
    for i, path in enumerate(files):
        best = None
        for r in range(repeat):
            folder = tmp / f"each-{i}-{r}"
            folder.mkdir()
            ingest, validate, documents, facts, _ = one_run(folder, [path])
            if documents and (best is None or ingest.cpu + validate.cpu < best[0].cpu + best[1].cpu):
                best = (ingest, validate, facts)
        if best is None:
            print(f"{path.name:48s} not loaded")
            continue
        ingest, validate, facts = best
        ratio = validate.cpu / ingest.cpu
        if facts:
            ratios.append(ratio)
        print(f"{path.name:48s} {facts:6d} {ingest.cpu:9.3f}s {validate.cpu:9.3f}s {ratio:6.0%}", flush=True)
    met = sum(r <= 0.25 for r in ratios)
    print(f"files with facts: {len(ratios)}; validation / ingest CPU: median {statistics.median(ratios):.0%}, "
          f"worst {max(ratios):.0%}; <= 25 %: {met} of {len(ratios)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", nargs="+", help="real files or folders (read in place) instead of the samples")
    parser.add_argument("--limit", type=int, default=10, help="with --real and a folder: its first N files")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--each", action="store_true", help="with --real: every file alone, its own ratio")
    parser.add_argument("--generated", type=int, metavar="N",
                        help="about N generated reports (tools/corpus, bench/corpus.py) validated as one batch")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} Python {platform.python_version()}, DuckDB {duckdb.__version__}; "
          f"median of {args.repeat} runs, each on a new warehouse")
    with tempfile.TemporaryDirectory() as tmp:
        with Clock() as gx_import:
            import great_expectations  # noqa: F401  (one-off per process)
        from pipelines.validate.runner import validate_documents

        warm = Path(tmp) / "warm"
        warm.mkdir()
        con = connect(warm / "w.duckdb")
        first = ingest_file(con, ROOT / "data" / "raw" / "baotou-shebao-center-2024-final.txt").document_id
        with Clock() as warm_up:
            validate_documents(con, [first])
        con.close()
        print(f"one-off per process: Great Expectations import {gx_import.wall:.2f}s, "
              f"first validation in the process (GX setup and warm-up) {warm_up.wall:.2f}s")
        if args.generated:
            from corpus import generated_reports  # bench/corpus.py (this folder is sys.path[0])

            files = generated_reports(Path(tmp) / "generated", args.generated, seed=7)
            runs = []
            for repeat in range(args.repeat):
                folder = Path(tmp) / f"gen-r{repeat}"
                folder.mkdir()
                runs.append(one_run(folder, files))
            summary(f"--generated {args.generated} ({len(files)} reports)", runs, 0.15)
            return
        if args.real and args.each:
            each(Path(tmp), [f for f in expand_paths(args.real) if f.suffix.lower() != ".md"], args.repeat)
            return
        if args.real:
            files = [f for f in expand_paths(args.real) if f.suffix.lower() != ".md"]
            files = files if all(Path(r).is_file() for r in args.real) else files[:args.limit]
            runs = []
            for repeat in range(args.repeat):
                folder = Path(tmp) / f"real-r{repeat}"
                folder.mkdir()
                runs.append(one_run(folder, files))
            summary(f"--real ({len(files)} files: {', '.join(f.name for f in files)})", runs,
                    0.25 if len(files) == 1 else 0.15)
            return
        for copies in args.copies:
            runs = []
            for repeat in range(args.repeat):
                folder = Path(tmp) / f"c{copies}-r{repeat}"
                folder.mkdir()
                runs.append(one_run(folder, _inbox(folder / "inbox", copies)))
            summary(f"--copies {copies}", runs, TARGET)
            validate, ingest = statistics.median(r[1].wall for r in runs), statistics.median(r[0].wall for r in runs)
            print(f"  with this process's one-off costs: {(validate + warm_up.wall + gx_import.wall) / ingest:.0%}")


if __name__ == "__main__":
    main()
