"""The backlog job's ops and resources: the folder listing, extraction steps (dynamic, or static
shards for dask), the one loading writer and the suites after it (pipelines.defs.backlog)."""

import heapq
import os
import re
import time
import traceback
import zlib
from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines.defs.resources import WarehouseResource
from pipelines.errors import RejectedInput
from pipelines.ingest import DEFAULT_RAW, Extraction, expand_paths, extract_for_worker, load_extraction
from pipelines.load.lock import writer_lock
from pipelines.load.writer import BatchWriter

DEFAULT_CHUNK = 50


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


def shard_names(shards: int) -> list[str]:
    width = max(2, len(str(shards - 1)))
    return [f"{i:0{width}d}" for i in range(shards)]


def _shard_of(path: Path, shards: int) -> int:
    """A file's extraction step: a hash of its path, so every step picks its files from its own
    listing with no file counted twice or missed, even if files arrive during the run."""
    return zlib.crc32(str(path).encode("utf-8")) % shards


def shard_ops(shards: int) -> tuple[list[dg.OpDefinition], dg.OpDefinition]:
    """Static fan-out: ``shards`` extraction ops without inputs, and a load op with one input per
    shard — dagster-dask plans every step with the run's initial known state, so a fan-in *list*
    input would load nothing there (its sources are not "ready" yet), plain inputs load fine."""
    names = shard_names(shards)

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
