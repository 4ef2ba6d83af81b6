"""One writer at a time, and patience with DuckDB's file lock.

Ingests take an exclusive advisory lock (<warehouse>.lock) for the whole batch, so a second
ingest stops at once with a clear message. DuckDB itself lets one process open the file for
writing, or many read-only: writers reopen it every 2 s between documents (load/writer.py) and
readers retry for up to 30 s, so analysts' queries keep working while a batch loads.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import duckdb

T = TypeVar("T")


class WarehouseBusy(Exception):
    """Another ingest holds the writer lock."""


@contextmanager
def writer_lock(warehouse: Path) -> Iterator[None]:
    lock_path = Path(f"{warehouse}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise WarehouseBusy(f"{warehouse} is being written by {holder}; wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now().isoformat(timespec='seconds')}")
        handle.flush()
        yield
    finally:
        handle.close()


def _is_lock_conflict(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def retry_on_lock(open_connection: Callable[[], T], seconds: float) -> T:
    """Call ``open_connection`` until DuckDB's file lock allows it, for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    delay = 0.05
    while True:
        try:
            return open_connection()
        except duckdb.IOException as error:
            if not _is_lock_conflict(error) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
