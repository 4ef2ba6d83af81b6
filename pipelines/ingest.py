"""Ingest a batch of files: each one extracted and loaded on its own, so one bad file never
stops the batch; a rejected file is reported and left where it is."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from pipelines.errors import NarrativePart, RejectedInput
from pipelines.extract import extract_located
from pipelines.load import load_report, record_rejection
from pipelines.load.coverage import amount_cells_to_load, report_coverage
from pipelines.load.parts import record_narrative_part
from pipelines.locate import detect_report_meta, locate_report
from pipelines.locate.metadata import read_report_meta
from pipelines.locate.narrative import find_claims
from pipelines.model import ExtractedReport, LocatedTable, SourceDocument
from pipelines.read import read_document

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
    printed_cells: int = 0  # amount cells printed in the tables read (pipelines.load.coverage)
    counted_facts: int = 0  # facts loaded from those tables
    reason: str | None = None
    superseded: tuple[str, ...] = ()
    narrative_part: bool = False  # the narrative file of a report whose tables are another file
    part_of: str | None = None  # a narrative part's tables document (None while it waits for them)

    @property
    def validate_ids(self) -> tuple[str, ...]:
        """The documents to validate after this result: a report itself; for a narrative part, the
        tables document its claims were added to."""
        if self.status == "rejected":
            return ()
        if self.narrative_part:
            return (self.part_of,) if self.part_of else ()
        return (self.document_id,) if self.document_id else ()


@dataclass(frozen=True)
class Extraction:
    """What extracting one file gave: a report or the reason it was rejected (picklable for workers)."""

    path: Path
    report: ExtractedReport | None
    rejection: RejectedInput | None
    seconds: float


def extract_file(path: Path) -> Extraction:
    """read → locate → normalize one file; a RejectedInput becomes the rejection, not an exception."""
    started = time.perf_counter()
    try:
        if not path.exists() and not path.is_symlink():
            raise RejectedInput(str(path), "no such file")
        source, tables = locate_report(read_document(path))
        try:
            meta = detect_report_meta(source, tables)
        except NarrativePart as part:
            return Extraction(path, None, narrative_part(part, source, tables), time.perf_counter() - started)
        return Extraction(path, extract_located(source, tables, meta), None, time.perf_counter() - started)
    except RejectedInput as error:
        return Extraction(path, None, error, time.perf_counter() - started)
    except (OSError, UnicodeError) as error:
        return Extraction(path, None, RejectedInput(str(path), f"cannot be read: {error}"), time.perf_counter() - started)


def narrative_part(part: NarrativePart, source: SourceDocument, tables: list[LocatedTable]) -> NarrativePart:
    """The narrative part with what the loader records of it: its metadata, its source (without the
    lines) and its narrative claims (pipelines/load/parts.py checks them against its tables)."""
    meta = read_report_meta(source, tables)
    claims = find_claims(source.lines, tables, meta.stage)
    return NarrativePart(part.path, part.unit_name, part.year, part.stage, meta,
                         replace(source, lines=(), page_count=source.pages), tuple(claims))


def extract_for_worker(path: Path) -> Extraction:
    """extract_file in a worker, minus the source and table lines the loader never reads (less to pickle)."""
    extraction = extract_file(path)
    report = extraction.report
    if report is None:
        return extraction
    source = replace(report.source, lines=(), page_count=report.source.pages)
    tables = tuple(replace(t, table=replace(t.table, rows=(), rows_read=t.table.row_count), quality=_counted(t))
                   for t in report.tables)
    return replace(extraction, report=replace(report, source=source, tables=tables))


def _counted(result):
    """The table's quality with its printed amount cells counted while its rows are still there."""
    if result.quality is None or result.layout == "not_extracted":
        return result.quality
    return replace(result.quality, amount_cells=amount_cells_to_load(result))


def extract_files(paths: list[Path], workers: int = 1) -> Iterator[Extraction]:
    """Extractions in input order; with workers > 1 they run in a process pool (one per core),
    while loading stays with the single writer that consumes this iterator."""
    if workers <= 1 or len(paths) < 2:
        yield from map(extract_file, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(extract_for_worker, paths, chunksize=4)


def load_extraction(con: duckdb.DuckDBPyConnection | Callable[[], duckdb.DuckDBPyConnection],
                    extraction: Extraction) -> IngestResult:
    """Load one extraction (or record its rejection) in the warehouse."""
    started = time.perf_counter() - extraction.seconds
    path, report, rejection = extraction.path, extraction.report, extraction.rejection
    connection = con() if callable(con) else con
    try:
        if isinstance(rejection, NarrativePart):
            part = record_narrative_part(connection, str(path), rejection)
            return IngestResult(str(path), part.status, time.perf_counter() - started, document_id=part.document_id,
                                unit_name=rejection.unit_name, year=rejection.year, stage=rejection.stage,
                                scope=rejection.meta.scope if rejection.meta else None, reason=part.reason,
                                narrative_part=True, part_of=part.report_document_id)
        if rejection is not None:
            if path.is_file() or path.is_symlink():
                record_rejection(connection, str(path), rejection)
            return IngestResult(str(path), "rejected", time.perf_counter() - started, reason=rejection.reason)
        outcome = load_report(connection, report)
    finally:
        if callable(con):
            connection.close()
    meta = report.meta
    printed, counted = report_coverage(report.tables)
    return IngestResult(
        path=str(path), status=outcome.status, seconds=time.perf_counter() - started,
        document_id=outcome.document_id, unit_name=meta.unit_name, year=meta.year, stage=meta.stage,
        scope=meta.scope, tables=sum(1 for t in report.tables if t.status != "not_extracted"),
        facts=outcome.facts, findings=len(report.all_findings), superseded=outcome.superseded,
        printed_cells=printed, counted_facts=counted,
    )


def ingest_file(con: duckdb.DuckDBPyConnection | Callable[[], duckdb.DuckDBPyConnection], path: Path) -> IngestResult:
    """Extract and load one file; a RejectedInput becomes a 'rejected' result, not an exception.

    ``con`` may be a connection factory: the warehouse is then opened only for the load, after the
    (slow) extraction, and closed right after, so readers are locked out as briefly as possible."""
    return load_extraction(con, extract_file(path))
