"""One warehouse connection for a batch of documents, reopened every few seconds.

Opening the warehouse per document costs 20–100 ms each (connect, schema fingerprint, checkpoint
on close): 80 generated reports took 13.7 s that way under load and 4.5 s through one connection.
Holding one connection for a whole batch would lock readers out (DuckDB: one read-write process, or
many readers) for as long as the batch runs; closing it after `reopen_seconds` lets readers, who
wait up to 30 s for the file lock (`yjs query`), in between two documents.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import duckdb


class BatchWriter:
    """Call it for the connection to load the next document with; `close()` (or `with`) at the end."""

    def __init__(self, open_connection: Callable[[], duckdb.DuckDBPyConnection], reopen_seconds: float = 2.0) -> None:
        self.open_connection, self.reopen_seconds = open_connection, reopen_seconds
        self.con: duckdb.DuckDBPyConnection | None = None
        self.opened = 0.0
        self.opens = 0  # connections opened so far (tests, logs)

    def __call__(self) -> duckdb.DuckDBPyConnection:
        if self.con is not None and time.monotonic() - self.opened > self.reopen_seconds:
            self.close()
        if self.con is None:
            self.con, self.opened = self.open_connection(), time.monotonic()
            self.opens += 1
        return self.con

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
