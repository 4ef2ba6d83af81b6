"""Ingest a batch of files: each one extracted and loaded on its own, so one bad file never
stops the batch; a rejected file is reported and left where it is."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.errors import RejectedInput
from pipelines.extract import extract_report
from pipelines.load import load_report, record_rejection

DEFAULT_RAW = Path("data/raw")


def raw_dir() -> Path:
    """$YJS_RAW, else data/raw/."""
    return Path(os.environ.get("YJS_RAW") or DEFAULT_RAW)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus the regular non-hidden files inside named folders, sorted."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if (p.is_file() or p.is_symlink()) and not p.name.startswith(".")))
        else:
            found.append(path)
    return found


@dataclass(frozen=True)
class IngestResult:
    path: str
    status: str  # loaded | unchanged | rejected
    seconds: float
    document_id: str | None = None
    unit_name: str | None = None
    year: int | None = None
    stage: str | None = None
    scope: str | None = None
    tables: int = 0
    facts: int = 0
    findings: int = 0
    reason: str | None = None
    superseded: tuple[str, ...] = ()


def ingest_file(con: duckdb.DuckDBPyConnection | Callable[[], duckdb.DuckDBPyConnection], path: Path) -> IngestResult:
    """Extract and load one file; a RejectedInput becomes a 'rejected' result, not an exception.

    ``con`` may be a connection factory: the warehouse is then opened only for the load, after the
    (slow) extraction, and closed right after, so readers are locked out as briefly as possible."""
    started = time.perf_counter()
    report, rejection = None, None
    try:
        if not path.exists() and not path.is_symlink():
            raise RejectedInput(str(path), "no such file")
        report = extract_report(path)
    except RejectedInput as error:
        rejection = error
    except (OSError, UnicodeError) as error:
        rejection = RejectedInput(str(path), f"cannot be read: {error}")
    connection = con() if callable(con) else con
    try:
        if rejection is not None:
            if path.is_file() or path.is_symlink():
                record_rejection(connection, str(path), rejection)
            return IngestResult(str(path), "rejected", time.perf_counter() - started, reason=rejection.reason)
        outcome = load_report(connection, report)
    finally:
        if callable(con):
            connection.close()
    meta = report.meta
    return IngestResult(
        path=str(path), status=outcome.status, seconds=time.perf_counter() - started,
        document_id=outcome.document_id, unit_name=meta.unit_name, year=meta.year, stage=meta.stage,
        scope=meta.scope, tables=sum(1 for t in report.tables if t.status != "not_extracted"),
        facts=outcome.facts, findings=len(report.all_findings), superseded=outcome.superseded,
    )


def ingest_paths(con: duckdb.DuckDBPyConnection, paths: Iterable[Path]) -> Iterator[IngestResult]:
    for path in paths:
        yield ingest_file(con, path)
