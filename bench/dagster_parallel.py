"""The Dagster backlog job (pipelines/defs/backlog.py) on generated reports: the multiprocess
executor with max_concurrent 1 and 2 for several chunk sizes (files per extraction step), and
optionally dagster-dask on a distributed.LocalCluster of 1 and 2 workers. Loading stays one writer
(load_backlog); validation is off (bench/validation_overhead.py measures it).

    .venv/bin/python bench/dagster_parallel.py [--reports 200] [--chunks 10,25,50,100] [--processes 1,2]
                                               [--repeat 1] [--dask-shards 8]   2>/dev/null

Phases come from the run's event log: "extract" runs from the first extraction step's launch to the
last one's success (process starts, job reconstruction, IO-manager pickles and the extraction
itself), "load" is the load step, "run" the whole run as execute_job saw it. Per extraction step:
"start" = fork from the forkserver up to the step process's first event, "setup" = execution plan
and resources, "io+events" = the step minus the extraction (input, output pickle, event writes).
The library alone (extract_files in this process) is printed for comparison.
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
import time
from pathlib import Path

import dagster as dg

from corpus import generated_reports
from pipelines.ingest import extract_files


def run_backlog(folder: Path, work: Path, executor: str, chunk: int = 25, **job_args) -> dict:
    work.mkdir(parents=True)
    (work / "home").mkdir()
    job = dg.build_reconstructable_job(
        "pipelines.defs.backlog", "build_backlog_job", reconstructable_args=(executor,),
        reconstructable_kwargs={"warehouse": str(work / "warehouse.duckdb"), "io_dir": str(work / "io"), **job_args})
    with dg.DagsterInstance.local_temp(str(work / "home"), overrides={"telemetry": {"enabled": False}}) as instance:
        started = time.perf_counter()
        ops = {"load_backlog": {"config": {"validate_after": False}}}
        if executor != "dask":
            ops["backlog_files"] = {"config": {"chunk_size": chunk}}
        result = dg.execute_job(job, instance=instance, run_config={
            "resources": {"backlog": {"config": {"folder": str(folder)}}}, "ops": ops,
            "loggers": {"console": {"config": {"log_level": "WARNING"}}}})
        wall = time.perf_counter() - started
        assert result.success
        events = [e for e in instance.all_logs(result.run_id) if e.dagster_event is not None]
    extract = [e for e in events if (e.step_key or "").startswith("extract_")]
    load = [e.timestamp for e in events if e.step_key == "load_backlog"
            and e.dagster_event.event_type_value in ("STEP_START", "STEP_SUCCESS")]
    outputs = [e.dagster_event.event_specific_data.metadata for e in extract
               if e.dagster_event.event_type_value == "STEP_OUTPUT"]
    at: dict[tuple[str, str], float] = {}
    for e in extract:
        at.setdefault((e.step_key, e.dagster_event.event_type_value), e.timestamp)
    keys = {key for key, _ in at}

    def mean_gap(start: str, end: str) -> float:
        gaps = [at[k, end] - at[k, start] for k in keys if (k, start) in at and (k, end) in at]
        return sum(gaps) / len(gaps) if gaps else 0.0

    in_step = sum(m["seconds"].value for m in outputs)  # extraction inside the steps, summed
    return {
        "run": wall,
        "extract": max(e.timestamp for e in extract) - min(e.timestamp for e in extract),
        "load": load[-1] - load[0],
        "steps": len(outputs),
        "files": sum(m["files"].value for m in outputs),
        "in_step": in_step,
        "start": mean_gap("STEP_WORKER_STARTING", "STEP_WORKER_STARTED"),
        "setup": mean_gap("STEP_WORKER_STARTED", "STEP_START"),
        "io": mean_gap("STEP_START", "STEP_SUCCESS") - in_step / len(keys),
        "pids": sorted({m["pid"].value for m in outputs}),
    }


def line(label: str, r: dict, files: int) -> str:
    return (f"{label}: extract {r['extract']:6.2f} s ({files / r['extract']:6.1f} reports/s; "
            f"{r['in_step']:5.2f} s extracting inside steps), load {r['load']:5.2f} s, "
            f"run {r['run']:6.2f} s ({files / r['run']:5.1f} reports/s); per step: start {r['start']:.2f} s, "
            f"setup {r['setup']:.2f} s, io+events {r['io']:.2f} s")


def best_of(repeat: int, run) -> dict:
    return min((run(i) for i in range(repeat)), key=lambda r: r["extract"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--chunks", default="10,25,50,100", help="files per extraction step, comma-separated")
    parser.add_argument("--processes", default="1,2", help="max_concurrent values, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration (the fastest extract is kept)")
    parser.add_argument("--dask-shards", type=int, default=0,
                        help="also run the dask executor on a LocalCluster of 1 and 2 workers, with this many steps")
    args = parser.parse_args()
    chunks = [int(c) for c in args.chunks.split(",")]
    processes = [int(p) for p in args.processes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        files = generated_reports(corpus, args.reports, 5)
        (corpus / "expected.jsonl").unlink(missing_ok=True)  # the folder holds only the reports
        list(extract_files(files[:4], 1))
        library = {}
        for workers in sorted({1, max(processes)}):  # the library alone, as bench/parallel_extraction.py
            started = time.perf_counter()
            assert all(e.report is not None for e in extract_files(files, workers))
            library[workers] = time.perf_counter() - started
        n = len(files)
        run_backlog(corpus, tmp / "warm-up", "multiprocess", n, max_concurrent=1)  # forkserver start, imports
        results: dict[tuple[int, int], dict] = {}
        for chunk in chunks:
            for count in processes:
                results[chunk, count] = best = best_of(args.repeat, lambda i, chunk=chunk, count=count: run_backlog(
                    corpus, tmp / f"mp-{chunk}-{count}-{i}", "multiprocess", chunk, max_concurrent=count))
                assert best["files"] == n
                print(line(f"chunk {chunk:4d} × {best['steps']:3d} steps, {count} process{'es' if count > 1 else '  '}",
                           best, n), flush=True)
        dask: dict[int, dict] = {}
        if args.dask_shards:
            import distributed

            # Started from a background script, this process can ignore SIGINT and SIGTERM, and so do
            # the dask workers it spawns and their children: Dagster then cannot stop the `tail -F` of
            # each step's compute logs (60 s a step). The workers get the default handlers.
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            for workers in (1, 2):
                with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                              dashboard_address=None) as cluster:
                    address = cluster.scheduler_address
                    run_backlog(corpus, tmp / f"dask-warm-{workers}", "dask", scheduler=address,
                                shards=args.dask_shards)  # worker imports
                    dask[workers] = best = best_of(args.repeat, lambda i, workers=workers, address=address: run_backlog(
                        corpus, tmp / f"dask-{workers}-{i}", "dask", scheduler=address, shards=args.dask_shards))
                assert best["files"] == n
                print(line(f"dask {args.dask_shards:3d} steps, LocalCluster {workers} worker{'s' if workers > 1 else ' '}",
                           best, n) + f"; worker processes used: {len(best['pids'])}", flush=True)
    many = max(processes)
    print(f"\n{n} generated reports on {os.cpu_count()} cores; library (extract_files, no Dagster): "
          + ", ".join(f"{w} process{'es' if w > 1 else ''} {library[w]:.2f} s ({n / library[w]:.1f} reports/s)"
                      for w in sorted(library))
          + (f", speed-up {library[1] / library[many]:.2f}×" if many > 1 else ""))
    if len(processes) > 1:
        one = processes[0]
        for chunk in chunks:
            a, b = results[chunk, one], results[chunk, many]
            print(f"chunk {chunk:4d}: extraction speed-up {one}→{many} processes {a['extract'] / b['extract']:.2f}×, "
                  f"whole run {a['run'] / b['run']:.2f}×; CPU inside steps {b['in_step'] / a['in_step']:.2f}× "
                  f"(≈1: each process had a core; ≈{many}: they shared one)")
        best = max(chunks, key=lambda c: results[c, one]["extract"] / results[c, many]["extract"])
        fastest = min(chunks, key=lambda c: results[c, many]["run"])
        print(f"best extraction speed-up: chunk {best} "
              f"({results[best, one]['extract'] / results[best, many]['extract']:.2f}×, target ≥ 1.7×); "
              f"fastest run with {many} processes: chunk {fastest} ({results[fastest, many]['run']:.2f} s)")
    if dask:
        print(f"dask {args.dask_shards} steps: extraction speed-up 1→2 workers {dask[1]['extract'] / dask[2]['extract']:.2f}×, "
              f"whole run {dask[1]['run'] / dask[2]['run']:.2f}×")


if __name__ == "__main__":
    main()
