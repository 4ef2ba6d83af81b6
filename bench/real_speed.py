"""Real-corpus ingest speed of two checkouts, alternately (issue 14: "real-corpus ingest speed (pages/s)
is not lower than today's").

    git worktree add /tmp/wt_before b9a0ae4; git worktree add /tmp/wt_after HEAD
    .venv/bin/python bench/real_speed.py --before /tmp/wt_before --after /tmp/wt_after [--repeat 3] [--markdown]
    .venv/bin/python bench/real_speed.py --profile guangdong-gztjj-2026-budget.pdf --after /tmp/wt_after

Each run is a new process started inside one checkout (its own `pipelines` package, checked and
printed) that ingests every file of ../shared/real (read in place) into a new warehouse, file by
file, as `yjs ingest` does: extraction (read → locate → normalize: `extract_file`), load
(`load_extraction`) and validation of what the file loaded (`validate_documents`). Before timing,
each process extracts one small real file and validates one sample report (imports, GX set-up:
paid once per process whatever it ingests, left out). Runs alternate before, after, before, …;
per file the median of the runs is kept. Pages are the PDF's page count (1 for other formats),
the same for both checkouts. Reported: pages/s of extraction and of the whole ingest over every
file, and over the files neither checkout rejected (the ones both read through), and the per-file
seconds of the slowest files. `--profile` prints cProfile's top functions for one file's extraction.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real"
WARM_FILE = "jiangsu-rendaban-tables-2019-budget.pdf"
TIMES = ("extract", "load", "validate", "extract_cpu", "load_cpu", "validate_cpu")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def pages_of(path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        return 1
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def corpus(folder: Path, only: str = "") -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() != ".md" and not p.name.startswith(".")
                  and only in p.name)


# ---------------------------------------------------------------------------------------------
# One run, inside a checkout (only the API both checkouts have: extract_file, load_extraction,
# validate_documents).

def worker(folder: Path, only: str) -> dict:
    import pipelines
    from pipelines.ingest import extract_file, load_extraction
    from pipelines.load import connect
    from pipelines.validate.runner import validate_documents

    files = corpus(folder, only)
    with tempfile.TemporaryDirectory() as tmp:
        warm = connect(Path(tmp) / "warm.duckdb")
        extract_file(folder / WARM_FILE)
        sample = Path.cwd() / "data" / "raw" / "baotou-shebao-center-2024-final.txt"
        validate_documents(warm, [load_extraction(warm, extract_file(sample)).document_id])
        warm.close()
        con = connect(Path(tmp) / "real.duckdb")
        rows = []
        for path in files:
            cpu = time.process_time()
            extraction = extract_file(path)
            extract_cpu, cpu = time.process_time() - cpu, time.process_time()
            started = time.perf_counter()
            result = load_extraction(con, extraction)
            load, load_cpu = time.perf_counter() - started, time.process_time() - cpu
            ids = getattr(result, "validate_ids", None)
            if ids is None:
                ids = (result.document_id,) if result.status != "rejected" and result.document_id else ()
            started, cpu = time.perf_counter(), time.process_time()
            if ids:
                validate_documents(con, list(ids))
            validate, validate_cpu = time.perf_counter() - started, time.process_time() - cpu
            rows.append({"file": path.name, "status": result.status, "reason": result.reason or "",
                         "facts": result.facts, "extract": extraction.seconds, "load": load, "validate": validate,
                         "extract_cpu": extract_cpu, "load_cpu": load_cpu, "validate_cpu": validate_cpu})
        con.close()
    return {"pipelines": pipelines.__file__, "files": rows}


def run_in(checkout: Path, folder: Path, only: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", str(folder), "--only", only], cwd=checkout, check=True,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(checkout)})
    data = json.loads(out.stdout.splitlines()[-1])
    expected = str(checkout / "pipelines" / "__init__.py")
    assert data["pipelines"] == expected, f"imported {data['pipelines']}, not {expected}"
    return data


# ---------------------------------------------------------------------------------------------

def medians(runs: list[dict]) -> dict[str, dict]:
    by_file: dict[str, dict] = {}
    for row in runs[0]["files"]:
        same = [next(r for r in run["files"] if r["file"] == row["file"]) for run in runs]
        by_file[row["file"]] = {**row, **{k: statistics.median(r[k] for r in same) for k in TIMES}}
    return by_file


def rate(pages: dict[str, int], rows: dict[str, dict], names: list[str], keys: tuple[str, ...]) -> tuple[float, float]:
    seconds = sum(rows[n][k] for n in names for k in keys)
    return seconds, sum(pages[n] for n in names) / seconds if seconds else float("nan")


def compare(args) -> None:
    folder = Path(args.folder)
    files = corpus(folder, args.only)
    pages = {p.name: pages_of(p) for p in files}
    checkouts = {"before": Path(args.before).resolve(), "after": Path(args.after).resolve()}
    heads = {k: subprocess.run(["git", "-C", str(v), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                               check=True).stdout.strip() for k, v in checkouts.items()}
    print(f"{len(files)} files, {sum(pages.values())} pages in {folder}; before = {heads['before']}, "
          f"after = {heads['after']}; {args.repeat} runs each, alternating; per file the median")
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for repeat in range(args.repeat):
        for name, checkout in checkouts.items():
            start_load = loadavg()
            started = time.perf_counter()
            runs[name].append({**run_in(checkout, folder, args.only), "load": [start_load, loadavg()]})
            print(f"  run {repeat + 1} {name:<6} {time.perf_counter() - started:6.1f} s  load average {start_load} → "
                  f"{loadavg()}", flush=True)
            if args.json:  # after every run: a stopped comparison still reports the runs it made
                Path(args.json).write_text(json.dumps({"pages": pages, "runs": runs, "heads": heads}, ensure_ascii=False))
    report(pages, runs, args.markdown)


def report(pages: dict[str, int], runs: dict[str, list[dict]], markdown: bool) -> None:
    count = min(len(r) for r in runs.values())
    result = {name: medians(r[:count]) for name, r in runs.items()}
    both = [n for n in pages if all(result[v][n]["status"] != "rejected" for v in result)]
    print(f"\n{count} run(s) per checkout; wall = elapsed seconds, cpu = this process's CPU seconds (all threads; "
          f"steadier than wall on a shared machine)")
    print(f"{'files':<34} {'pages':>5}  {'extraction wall / cpu (pages/s)':>36}  {'whole ingest wall / cpu (pages/s)':>36}")
    for label, names in (("all files", list(pages)), ("read through by both", both)):
        for name in result:
            cells = []
            for keys in (("extract",), ("extract", "load", "validate")):
                wall = rate(pages, result[name], names, keys)
                cpu = rate(pages, result[name], names, tuple(k + "_cpu" for k in keys))
                cells.append(f"{wall[0]:7.1f} s {wall[1]:6.2f} / {cpu[0]:6.1f} s {cpu[1]:6.2f}")
            print(f"{label + ' (' + str(len(names)) + '), ' + name:<34} {sum(pages[n] for n in names):>5}  "
                  f"{cells[0]:>36}  {cells[1]:>36}")
    print("\nper file, median: extraction cpu s before → after (wall), load + validation cpu s, status")
    order = sorted(pages, key=lambda n: -result["after"][n]["extract_cpu"])
    if markdown:
        print("| file | pages | extraction cpu s before | after | × | extraction wall s before | after "
              "| load+validation cpu s before | after | status before | status after | facts before | after |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in order:
        b, a = result["before"][n], result["after"][n]
        cells = [n, pages[n], f"{b['extract_cpu']:.2f}", f"{a['extract_cpu']:.2f}",
                 f"{a['extract_cpu'] / b['extract_cpu']:.1f}" if b["extract_cpu"] else "–",
                 f"{b['extract']:.2f}", f"{a['extract']:.2f}",
                 f"{b['load_cpu'] + b['validate_cpu']:.2f}", f"{a['load_cpu'] + a['validate_cpu']:.2f}",
                 b["status"] + (f" ({b['reason'][:40]})" if b["status"] == "rejected" else ""),
                 a["status"] + (f" ({a['reason'][:40]})" if a["status"] == "rejected" else ""), b["facts"], a["facts"]]
        print(("| " + " | ".join(map(str, cells)) + " |") if markdown else "  " + "  ".join(map(str, cells)))


def profile(args) -> None:
    checkout = Path(args.after).resolve()
    code = ("import cProfile, pstats, sys; from pathlib import Path; from pipelines.ingest import extract_file; "
            f"p = Path({str(Path(args.folder) / args.profile)!r}); extract_file(Path({str(Path(args.folder) / WARM_FILE)!r})); "
            "pr = cProfile.Profile(); pr.enable(); e = extract_file(p); pr.disable(); "
            "print('seconds', round(e.seconds, 2)); pstats.Stats(pr).sort_stats('cumulative').print_stats(35)")
    subprocess.run([sys.executable, "-c", code], cwd=checkout, check=True, env={**os.environ, "PYTHONPATH": str(checkout)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", default=str(DEFAULT))
    parser.add_argument("--before", default="/tmp/wt_before")
    parser.add_argument("--after", default="/tmp/wt_after")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="only the files whose name contains this")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--json", help="write every run's per-file seconds here")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the extraction of one file in --after")
    parser.add_argument("--report", metavar="JSON", help="print the comparison of the runs saved by --json")
    parser.add_argument("--worker", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker), args.only)))
    elif args.report:
        saved = json.loads(Path(args.report).read_text())
        report(saved["pages"], saved["runs"], args.markdown)
    elif args.profile:
        profile(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()
