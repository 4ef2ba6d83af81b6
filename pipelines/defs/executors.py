"""Where the steps of a backlog run execute, chosen by environment (read when the code location loads):

    YJS_EXECUTOR          multiprocess (default) | in_process | dask
    YJS_MAX_CONCURRENT    multiprocess: step processes at once (default: the number of cores)
    YJS_START_METHOD      multiprocess: forkserver (default: steps fork from a preloaded server) | spawn
    YJS_DASK_SCHEDULER    dask: address of a running scheduler, e.g. tcp://10.0.0.5:8786
                          (unset: dagster-dask starts a distributed.LocalCluster for the run)
    YJS_DASK_WORKERS      dask without a scheduler address: LocalCluster workers (default: cores)

The choice only becomes the run config's defaults (``execution:``): the launchpad or
``--config`` can still change max_concurrent or the scheduler address of one run.
"""

from __future__ import annotations

import os

import dagster as dg

EXECUTORS = ("multiprocess", "in_process", "dask")

# Imported once by the multiprocess executor's forkserver, so each step process forks with them
# loaded: the code location and the extractor, and what every step needs to open a (default,
# SQLite) Dagster instance and the filesystem IO manager — 1.5–2 s per step when left to the step.
FORKSERVER_PRELOAD = [
    "dagster._core.executor.multiprocess",  # first, as Dagster does (guards against pyspark's namedtuple hijack)
    "dagster._core.instance.factory",
    "dagster._core.storage.sqlite_storage",
    "dagster._core.storage.fs_io_manager",
    "upath",
    "pipelines.definitions",
    "pipelines.defs.backlog",
]


def executor_kind(kind: str | None = None) -> str:
    """The executor asked for (argument, else $YJS_EXECUTOR, else multiprocess)."""
    kind = (kind or os.environ.get("YJS_EXECUTOR") or "multiprocess").strip().lower().replace("-", "_")
    if kind not in EXECUTORS:
        raise ValueError(f"YJS_EXECUTOR={kind!r}: expected one of {', '.join(EXECUTORS)}")
    return kind


def executor_def(kind: str) -> dg.ExecutorDefinition:
    kind = executor_kind(kind)
    if kind == "dask":
        # imported only when asked for: dagster_dask imports dask.distributed (~2 s)
        from dagster_dask import dask_executor

        return dask_executor
    return dg.multiprocess_executor if kind == "multiprocess" else dg.in_process_executor


def executor_config(kind: str, max_concurrent: int | None = None, scheduler: str | None = None,
                    dask_workers: int | None = None) -> dict:
    """The ``execution:`` section of the run config for ``kind`` (arguments, else environment)."""
    kind = executor_kind(kind)
    if kind == "in_process":
        return {"config": {}}
    if kind == "multiprocess":
        processes = max_concurrent or int(os.environ.get("YJS_MAX_CONCURRENT") or 0) or os.cpu_count() or 1
        if (os.environ.get("YJS_START_METHOD") or "forkserver") == "spawn":
            return {"config": {"max_concurrent": processes, "start_method": {"spawn": {}}}}
        return {"config": {"max_concurrent": processes,
                           "start_method": {"forkserver": {"preload_modules": FORKSERVER_PRELOAD}}}}
    scheduler = scheduler or os.environ.get("YJS_DASK_SCHEDULER")
    if scheduler:
        return {"config": {"cluster": {"existing": {"address": scheduler}}}}
    workers = dask_workers or int(os.environ.get("YJS_DASK_WORKERS") or 0) or os.cpu_count() or 1
    # dagster-dask forces threads_per_worker=1 on a local cluster: Dagster steps are not thread-safe
    return {"config": {"cluster": {"local": {"n_workers": workers, "processes": True}}}}
