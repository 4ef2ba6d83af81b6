"""The backlog job: a folder of reports (a province's years of disclosures) extracted in parallel,
then loaded by one writer.

    backlog_files ─┬─ extract_batch[0] ─┬─ load_backlog ── validate_backlog
                   ├─ extract_batch[1] ─┤   (one serialized writer: load_extraction per
                   └─ …                ─┘    document in file-name order, then the suites)

The folder is the ``backlog`` resource (run config ``resources.backlog.config.folder``; default
$YJS_RAW, the inbox). Extraction (read → locate → normalize) is per document and runs in as many
processes or machines as the executor gives (pipelines/defs/executors.py: YJS_EXECUTOR=
multiprocess|in_process|dask). Each extraction step handles ``chunk_size`` files: one Dagster step
per file costs a process start, a job reconstruction and event-log writes — more than a report.

Extractions cross processes as pickles in a folder (YJS_IO_DIR, else the Dagster instance's
storage folder) — on a cluster the reports and that folder must be on a shared path. They are
returned without the source lines the loader never reads (as `yjs ingest -j N`) and written one
report after another, so the load step streams them (a merge of the sorted batches): it holds one
report per extraction step in memory, never the whole backlog.

A file that cannot be a report (empty, binary, not a report, …) — or one the extractor crashes
on — becomes a rejection that the load step records in dim_document (status quarantined, with the
reason), exactly like `yjs ingest`; it never fails the run.

dagster-dask runs only the steps known before the run starts (dagster-io/dagster#9785: no dynamic
mapping), so with YJS_EXECUTOR=dask the fan-out is static: YJS_BACKLOG_SHARDS (default 32)
extraction steps, each listing the folder itself and taking the files whose name hashes to it.
They have no upstream step on purpose: dask places a task where its inputs are, so steps fed by
one listing step would all start on that step's worker and spread only by work stealing.

This module builds the job; its ops and resources are in backlog_ops, the pickles between
processes in backlog_io.
"""

import inspect
import json
import os
import sys

import dagster as dg

from pipelines.defs.backlog_io import ExtractionsIOManager, PickledBatch
from pipelines.defs.backlog_ops import (
    DEFAULT_CHUNK, BacklogConfig, BacklogSource, LoadConfig, backlog_files, extract_batch, extract_for_worker,
    load_backlog, shard_names, shard_ops, validate_backlog,
)
from pipelines.defs.executors import executor_config, executor_def, executor_kind
from pipelines.defs.resources import WarehouseResource
from pipelines.ingest import DEFAULT_RAW
from pipelines.load.warehouse import DEFAULT_WAREHOUSE

__all__ = [
    "DEFAULT_CHUNK", "BacklogConfig", "BacklogSource", "ExtractionsIOManager", "LoadConfig", "PickledBatch",
    "backlog_files", "build_backlog_job", "extract_batch", "extract_for_worker", "ingest_backlog", "load_backlog",
    "validate_backlog", "warm_extractor",
]

DEFAULT_SHARDS = 32
DASK_RESOURCES_TAG = "dagster-dask/resource_requirements"


# ---------------------------------------------------------------------------------------------
# The job

def build_backlog_job(executor: str | None = None, *, warehouse: str | None = None, folder: str | None = None,
                      io_dir: str | None = None, shards: int | None = None, max_concurrent: int | None = None,
                      scheduler: str | None = None, dask_workers: int | None = None,
                      load_resource: str | None = None, name: str = "ingest_backlog") -> dg.JobDefinition:
    """The backlog job for an executor (default $YJS_EXECUTOR). Arguments not given come from the
    environment: YJS_WAREHOUSE, YJS_RAW (the default folder), YJS_IO_DIR, YJS_BACKLOG_SHARDS, YJS_DASK_LOAD_RESOURCE (a dask
    worker resource the load and validate steps require, e.g. "warehouse": they then run only on
    the worker started with `--resources warehouse=1`) and those of executors.py.
    With ``shards`` (always under dask) the fan-out is static."""
    kind = executor_kind(executor)
    if kind == "dask" and not shards:
        shards = int(os.environ.get("YJS_BACKLOG_SHARDS") or DEFAULT_SHARDS)
    load_resource = load_resource or os.environ.get("YJS_DASK_LOAD_RESOURCE")
    writer_tags = {DASK_RESOURCES_TAG: json.dumps({load_resource: 1})} if kind == "dask" and load_resource else {}
    validate = validate_backlog.tag(writer_tags)
    if shards:
        extracts, load = shard_ops(shards)

        @dg.graph(name=name)
        def backlog():
            batches = {f"shard_{name}": op() for name, op in zip(shard_names(shards), extracts)}
            validate(load.tag(writer_tags)(**batches))
    else:
        @dg.graph(name=name)
        def backlog():
            validate(load_backlog.tag(writer_tags)(backlog_files().map(extract_batch).collect()))

    io_dir = io_dir or os.environ.get("YJS_IO_DIR") or None
    return backlog.to_job(
        description=f"Ingest a folder of reports: extraction fanned out ({kind} executor), one loading writer.",
        executor_def=executor_def(kind),
        config={"execution": executor_config(kind, max_concurrent, scheduler, dask_workers)},
        resource_defs={
            "warehouse": WarehouseResource(path=warehouse or os.environ.get("YJS_WAREHOUSE") or str(DEFAULT_WAREHOUSE)),
            "backlog": BacklogSource(folder=folder or os.environ.get("YJS_RAW") or str(DEFAULT_RAW)),
            "io_manager": dg.FilesystemIOManager(base_dir=io_dir),
            "extractions_io_manager": ExtractionsIOManager(base_dir=io_dir),
        },
        tags={"yjs/executor": kind},
    )


ingest_backlog = build_backlog_job()


# ---------------------------------------------------------------------------------------------
# Warm caches for forked step processes

def warm_extractor() -> None:
    """Fill the extractor's caches: reference YAML and CSV (pure-Python YAML parsing is ~0.4 s of a
    fresh process's first report) and the vocabularies built from them. Best effort."""
    from pipelines import reference

    for path in sorted(reference.REFERENCE_DIR.iterdir()):
        try:
            if path.suffix == ".yaml":
                reference.load_yaml(path.name)
            elif path.suffix == ".csv":
                reference.load_csv(path.name)
        except Exception:  # noqa: BLE001, S110 (a cache left cold is only slower)
            pass
    for name, module in list(sys.modules.items()):
        if not name.startswith(("pipelines.read", "pipelines.locate", "pipelines.normalize")):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_info", None)) and getattr(value, "__module__", None) == name:
                try:
                    if not inspect.signature(value).parameters:
                        value()
                except Exception:  # noqa: BLE001, S110
                    pass


def _imported_by_forkserver() -> bool:
    """True while multiprocessing's forkserver imports its preload modules (executors.py lists this
    one): what the server loads, every step process forked from it starts with."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "main" and frame.f_globals.get("__name__") == "multiprocessing.forkserver":
            return True
        frame = frame.f_back
    return False


if _imported_by_forkserver():
    warm_extractor()
