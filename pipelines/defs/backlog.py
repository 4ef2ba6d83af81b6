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
"""

import heapq
import inspect
import json
import os
import pickle
import re
import sys
import time
import traceback
import zlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines.defs.executors import executor_config, executor_def, executor_kind
from pipelines.defs.resources import WarehouseResource
from pipelines.errors import RejectedInput
from pipelines.ingest import DEFAULT_RAW, Extraction, expand_paths, extract_for_worker, load_extraction
from pipelines.load.lock import writer_lock
from pipelines.load.writer import BatchWriter
from pipelines.load.warehouse import DEFAULT_WAREHOUSE

DEFAULT_CHUNK = 50
DEFAULT_SHARDS = 32
DASK_RESOURCES_TAG = "dagster-dask/resource_requirements"


class BacklogSource(dg.ConfigurableResource):
    """The folder (or file) of reports a backlog run ingests."""

    folder: str = Field(default=str(DEFAULT_RAW), description="Folder (or file) of reports (default: the inbox).")

    def paths(self) -> list[Path]:
        return expand_paths([self.folder])  # sorted, hidden files left out


class BacklogConfig(dg.Config):
    chunk_size: int = Field(default=DEFAULT_CHUNK, ge=1, description=(
        "Files per extraction step (dynamic fan-out). 1 = one step per file: most visible in the UI, "
        "slowest (each step costs a process start); see bench/dagster_parallel.py."))


class LoadConfig(dg.Config):
    validate_after: bool = Field(default=True, description="Run the expectation suites on what loaded.")


# ---------------------------------------------------------------------------------------------
# Extractions between processes: pickles on a (shared) path, opened lazily by the load step.

class PickledBatch:
    """One extraction step's output on disk, read one extraction at a time when iterated."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[Extraction]:
        with open(self.path, "rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return


class _ExtractionsIOManager(dg.IOManager):
    def __init__(self, base_dir: str) -> None:
        self.base_dir = Path(base_dir)

    def _path(self, context: dg.OutputContext) -> Path:
        return self.base_dir.joinpath(*context.get_identifier())

    def handle_output(self, context: dg.OutputContext, obj: list) -> None:
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with open(partial, "wb") as handle:
            for item in obj:  # one pickle per extraction: the reader streams them
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # a reader never sees half a file
        context.add_output_metadata({"path": str(path), "bytes": path.stat().st_size})

    def load_input(self, context: dg.InputContext) -> PickledBatch:
        return PickledBatch(self._path(context.upstream_output))


class ExtractionsIOManager(dg.ConfigurableIOManagerFactory):
    """Extraction batches as pickles under base_dir/<run id>/<step>/<output> (default: the Dagster
    instance's storage folder); downstream steps receive a PickledBatch to iterate."""

    base_dir: str | None = None

    def create_io_manager(self, context: dg.InitResourceContext) -> _ExtractionsIOManager:
        return _ExtractionsIOManager(self.base_dir or context.instance.storage_directory())


# ---------------------------------------------------------------------------------------------
# Ops

def _split(paths: list[Path], parts: int) -> list[list[str]]:
    """``parts`` contiguous runs of the sorted paths, sizes differing by at most one."""
    size, extra = divmod(len(paths), parts)
    bounds = [i * size + min(i, extra) for i in range(parts + 1)]
    return [[str(p) for p in paths[bounds[i]:bounds[i + 1]]] for i in range(parts)]


def _mapping_key(index: int, first: str) -> str:
    return f"{index:05d}_" + re.sub(r"[^A-Za-z0-9_]", "_", Path(first).stem)[:40]


@dg.op(out=dg.DynamicOut(list), description="The folder's files in runs of chunk_size, one extraction step each.")
def backlog_files(context: dg.OpExecutionContext, config: BacklogConfig, backlog: BacklogSource):
    paths = backlog.paths()
    steps = -(-len(paths) // config.chunk_size)
    context.log.info(f"{len(paths)} files in {backlog.folder}: {steps} extraction steps")
    for index, batch in enumerate(_split(paths, steps) if steps else []):
        yield dg.DynamicOutput(batch, mapping_key=_mapping_key(index, batch[0]))


def _extract(path: Path) -> Extraction:
    """extract_file without the source lines; an unexpected crash becomes a rejection with its reason."""
    started = time.perf_counter()
    try:
        return extract_for_worker(path)
    except Exception as error:  # noqa: BLE001 (a bug must not cost the rest of the backlog its load)
        reason = f"extraction failed: {type(error).__name__}: {error}"
        dg.get_dagster_logger().warning(f"{path}: {reason}\n{traceback.format_exc()}")
        return Extraction(path, None, RejectedInput(str(path), reason, "extraction_failed"),
                          time.perf_counter() - started)


def _extractions(paths: list[str]) -> dg.Output[list]:
    started = time.perf_counter()
    extractions = sorted((_extract(Path(p)) for p in paths), key=lambda e: str(e.path))  # the loader merges them
    rejected = {e.path.name: e.rejection.reason for e in extractions if e.rejection is not None}
    return dg.Output(extractions, metadata={
        "files": len(extractions),
        "facts": sum(len(e.report.facts) for e in extractions if e.report is not None),
        "rejected": dg.MetadataValue.json(rejected),
        "seconds": round(time.perf_counter() - started, 3),
        "pid": os.getpid(),
    })


@dg.op(out=dg.Out(list, io_manager_key="extractions_io_manager"),
       description="read → locate → normalize each file of the batch (no warehouse access).")
def extract_batch(paths: list) -> dg.Output[list]:
    return _extractions(paths)


def _load(context: dg.OpExecutionContext, config: LoadConfig, batches: list, warehouse: WarehouseResource) -> list:
    """Every extraction in file-name order (as `yjs ingest` loads a folder): a streaming merge of
    the sorted batches, so one report per batch is in memory at a time."""
    started = time.perf_counter()
    results = []
    # the same lock `yjs ingest` takes (one writer at a time), and its connection reopened every 2 s
    with writer_lock(Path(warehouse.path)), BatchWriter(warehouse.connect) as writer:
        for extraction in heapq.merge(*batches, key=lambda e: str(e.path)):
            result = load_extraction(writer(), extraction)
            results.append(result)
            if result.status == "rejected":
                context.log.warning(f"REJECTED {result.path}: {result.reason}")
    counts = {status: sum(1 for r in results if r.status == status) for status in ("loaded", "unchanged", "rejected")}
    # a report itself; a narrative part's tables document (the claims it added), never the part alone
    loaded = list(dict.fromkeys(d for r in results for d in r.validate_ids))
    rejected = [f"- {Path(r.path).name}: {r.reason}" for r in results if r.status == "rejected"]
    context.add_output_metadata({
        **counts, "facts": sum(r.facts for r in results), "seconds": round(time.perf_counter() - started, 3),
        "rejections": dg.MetadataValue.md("\n".join(rejected[:100]) + (
            f"\n- … {len(rejected) - 100} more (dim_document, status quarantined)" if len(rejected) > 100 else "")
            if rejected else "none"),
    })
    return loaded if config.validate_after else []


@dg.op(description="Load every extraction, one document per transaction, by this one writer.")
def load_backlog(context: dg.OpExecutionContext, config: LoadConfig, batches: list,
                 warehouse: WarehouseResource) -> list:
    return _load(context, config, batches, warehouse)


@dg.op(description="The expectation suites on the documents this run loaded (as `yjs ingest` does).")
def validate_backlog(context: dg.OpExecutionContext, document_ids: list, warehouse: WarehouseResource) -> None:
    if not document_ids:
        context.log.info("nothing to validate")
        return
    from pipelines.validate.runner import validate_documents

    with writer_lock(Path(warehouse.path)):
        con = warehouse.connect()
        try:
            report = validate_documents(con, document_ids)
        finally:
            con.close()
    context.add_output_metadata({"documents": len(report.document_ids), "errors": report.errors,
                                 "quarantined": dg.MetadataValue.json(report.quarantined)})


def _shard_names(shards: int) -> list[str]:
    width = max(2, len(str(shards - 1)))
    return [f"{i:0{width}d}" for i in range(shards)]


def _shard_of(path: Path, shards: int) -> int:
    """A file's extraction step: a hash of its path, so every step picks its files from its own
    listing with no file counted twice or missed, even if files arrive during the run."""
    return zlib.crc32(str(path).encode("utf-8")) % shards


def _shard_ops(shards: int) -> tuple[list[dg.OpDefinition], dg.OpDefinition]:
    """Static fan-out: ``shards`` extraction ops without inputs, and a load op with one input per
    shard — dagster-dask plans every step with the run's initial known state, so a fan-in *list*
    input would load nothing there (its sources are not "ready" yet), plain inputs load fine."""
    names = _shard_names(shards)

    def extract_op(index: int, name: str) -> dg.OpDefinition:
        @dg.op(name=f"extract_{name}", out=dg.Out(list, io_manager_key="extractions_io_manager"),
               description=f"read → locate → normalize the folder's files of step {index + 1} of {shards}.")
        def extract_shard(context: dg.OpExecutionContext, backlog: BacklogSource) -> dg.Output[list]:
            paths = [str(p) for p in backlog.paths() if _shard_of(p, shards) == index]
            context.log.info(f"{len(paths)} files of {backlog.folder}")
            return _extractions(paths)

        return extract_shard

    @dg.op(name="load_backlog", ins={f"shard_{name}": dg.In(dg.Any) for name in names},
           description="Load every extraction, one document per transaction, by this one writer.")
    def load(context: dg.OpExecutionContext, config: LoadConfig, warehouse: WarehouseResource, **batches) -> list:
        return _load(context, config, list(batches.values()), warehouse)

    return [extract_op(i, name) for i, name in enumerate(names)], load


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
        extracts, load = _shard_ops(shards)

        @dg.graph(name=name)
        def backlog():
            batches = {f"shard_{name}": op() for name, op in zip(_shard_names(shards), extracts)}
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
