"""Extractions between the backlog job's processes: pickles on a (shared) path, written one report
after another and opened lazily by the load step (pipelines.defs.backlog)."""

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.ingest import Extraction


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


