"""Write one extracted report into the warehouse: all of it in one transaction, or nothing.

The same bytes twice change nothing (the document id is the content hash). Re-loading a
document replaces its own rows only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.errors import NarrativePart, RejectedInput
from pipelines.load.coverage import table_amount_cells
from pipelines.load.lock import retry_on_lock
from pipelines.locate.unit_key import unit_id, unit_key_name
from pipelines.load.schema import apply_schema, refresh_unit_kinds
from pipelines.load.summary import summarize_staged
from pipelines.model import ExtractedReport, Fact
from pipelines.normalize.codes import codebook

DEFAULT_WAREHOUSE = Path("data/warehouse/warehouse.duckdb")
_MICRO = Decimal("0.000001")


def warehouse_path() -> Path:
    """$YJS_WAREHOUSE, else data/warehouse/warehouse.duckdb."""
    return Path(os.environ.get("YJS_WAREHOUSE") or DEFAULT_WAREHOUSE)


def connect(path: str | Path | None = None, read_only: bool = False, wait: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse (waiting up to ``wait`` s for another process's file lock);
    writers get the schema applied first."""
    path = Path(path or warehouse_path())
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no warehouse at {path}: run `yjs ingest` first")
        return retry_on_lock(lambda: duckdb.connect(str(path), read_only=True), wait)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = retry_on_lock(lambda: duckdb.connect(str(path)), wait)
    apply_schema(con)
    return con


def version_key(unit: str, year: int, stage: str, scope: str) -> str:
    """Documents with the same key are versions of one report (a corrected republication)."""
    return hashlib.md5(f"{unit}|{year}|{stage}|{scope}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LoadOutcome:
    document_id: str
    status: str  # loaded | unchanged
    facts: int
    tables: int
    superseded: tuple[str, ...] = ()  # earlier versions this document replaced


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def load_report(con: duckdb.DuckDBPyConnection, report: ExtractedReport) -> LoadOutcome:
    """Insert the report's document, units, tables, facts and findings in one transaction (and link the
    narrative part of the same unit, year and stage, if one waits for these tables)."""
    from pipelines.load.parts import link_parts  # noqa: PLC0415 (parts builds on this module)

    source, meta = report.source, report.meta
    doc_id = source.document_id
    existing = con.execute(
        "select status, facts_loaded from dim_document where document_id = ? and year is not null "
        "and status <> 'narrative_part'", [doc_id]).fetchone()  # a narrative part of these bytes is replaced
    tables = len(report.tables)
    if existing:
        return LoadOutcome(doc_id, "unchanged", existing[1] or 0, tables)
    # Quarantine on structural errors belongs to the validation slice (issue 4); today every
    # report that extracts is loaded and its extraction findings are listed in dq_results.
    status, reason = "loaded", None
    facts = report.facts
    con.execute("begin transaction")
    try:
        if con.execute("select count(*) from dim_document where document_id = ?", [doc_id]).fetchone()[0]:
            _delete_document(con, doc_id)  # the rejection (or narrative part) record of the same bytes
        own_unit = unit_id(meta.region, meta.unit_name)
        _upsert_unit(con, own_unit, meta.unit_name, meta.unit_code, meta.region)
        key = version_key(own_unit, meta.year, meta.stage, meta.scope)
        superseded = con.execute(
            "update dim_document set status = 'superseded', superseded_by = ? where version_key = ? "
            "and status in ('loaded', 'quarantined') returning document_id", [doc_id, key]).fetchall()
        con.execute(
            "insert into dim_document values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [doc_id, source.file_name, source.path, source.sha256, source.size_bytes, source.source_format,
             source.pages, own_unit, meta.unit_name, meta.unit_code, meta.region, meta.year, meta.stage,
             meta.scope, meta.money_unit, status, reason, tables, len(facts), _now(), key, None],
        )
        located = [(doc_id, seq, r.table.kind, r.table.title, r.table.title_line, r.table.printed_number,
                    r.table.money_unit, r.layout, r.status, r.table.row_count, len(r.facts),
                    *_quality_columns(r), table_amount_cells(r), None)
                   for seq, r in enumerate(report.tables, 1)]
        if located:
            staged_tables = _stage(("document_id", "table_seq", "table_kind", "title", "title_line",  # noqa: F841
                                    "printed_number", "money_unit", "layout", "status", "rows_read", "facts",
                                    "engine", "numeric_cells", "numeric_parsed", "quality", "amount_cells",
                                    "quarantine_reason"), located)
            con.execute("insert into doc_table by name select * from staged_tables")
        _insert_facts(con, doc_id, report, own_unit)
        _insert_findings(con, doc_id, report)
        _insert_claims(con, doc_id, report)
        _record_labels(con, doc_id, facts)
        refresh_unit_kinds(con, {meta.unit_name} | {f.unit_name for f in facts if f.unit_name})
        link_parts(con, own_unit, meta.year, meta.stage)  # a narrative part of this report waiting for its tables
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return LoadOutcome(doc_id, status, len(facts), tables, tuple(d for (d,) in superseded))


def _quality_columns(result) -> tuple:
    quality = result.quality
    if quality is None:
        return (None, None, None, None)
    return (quality.engine, quality.numeric_cells, quality.numeric_parsed, quality.score)


def _delete_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    for table in ("fact_amount", "doc_fact_unit", "doc_table", "dq_results", "class_label", "doc_claim", "part_claim",
                  "dim_document"):
        con.execute(f"delete from {table} where document_id = ?", [doc_id])
    con.execute("delete from doc_claim where part_document_id = ?", [doc_id])
    con.execute("delete from doc_part where part_document_id = ? or report_document_id = ?", [doc_id, doc_id])


def _upsert_unit(con, uid: str, name: str, code: str | None, region: str | None) -> None:
    """The unit (its first printed name stays its name) and the printed name as one of its variants."""
    con.execute(
        "insert into dim_unit values (?, ?, ?, ?) on conflict (unit_id) do update set "
        "unit_code = coalesce(excluded.unit_code, dim_unit.unit_code)",
        [uid, name, code, region],
    )
    key, rules = unit_key_name(name, region)
    con.execute("insert or ignore into dim_unit_name values (?, ?, ?, ?, ?)", [uid, name, region, key, ",".join(rules)])


def _insert_facts(con, doc_id: str, report: ExtractedReport, own_unit: str) -> None:
    meta = report.meta
    columns: dict[str, list] = {name: [] for name in (
        "document_id", "fact_seq", "unit_id", "scope", "table_kind", "func_code", "econ_code", "item",
        "measure", "amount", "amount_exact", "unit_of_measure", "original_unit", "source_page",
        "source_line", "source_col", "source_text", "row_label", "extraction", "table_seq", "gov_econ_code", "line_label")}
    units = {(f.unit_name, f.unit_code) for f in report.facts if f.unit_name}
    for name, code in sorted(units, key=str):
        _upsert_unit(con, unit_id(meta.region, name), name, code, meta.region)
    tables = [seq for seq, result in enumerate(report.tables, 1) for _ in result.facts]
    for seq, (fact, table_seq) in enumerate(zip(report.facts, tables), 1):
        uid = unit_id(meta.region, fact.unit_name) if fact.unit_name else own_unit
        values = (doc_id, seq, uid, fact.scope or meta.scope, fact.table_kind, fact.func_code, fact.econ_code,
                  fact.item, fact.measure, str(fact.amount.quantize(_MICRO, ROUND_HALF_UP)),
                  str(fact.amount.quantize(_MICRO, ROUND_HALF_UP)), fact.unit_of_measure, fact.original_unit,
                  fact.source_page, fact.source_line, fact.source_col, fact.source_text, fact.row_label,
                  fact.extraction, table_seq, fact.gov_econ_code, fact.line_label)
        for name, value in zip(columns, values):
            columns[name].append(value)
    staged = pa.table(columns)  # noqa: F841 (read by name in the SQL below)
    # by name: columns added by later DDL (gov_econ_code) sit after the trust columns in older warehouses
    con.execute(
        "insert into fact_amount (document_id, fact_seq, unit_id, scope, table_kind, func_code, econ_code, item, "
        "measure, amount, amount_exact, unit_of_measure, original_unit, source_page, source_line, source_col, "
        "source_text, row_label, extraction, table_seq, gov_econ_code, line_label) "
        "select document_id, fact_seq, unit_id, scope, table_kind, func_code, econ_code, "
        "item, measure, cast(amount as decimal(20,6)), cast(amount_exact as decimal(24,6)), unit_of_measure, "
        "original_unit, source_page, source_line, source_col, source_text, row_label, extraction, table_seq, "
        "gov_econ_code, line_label from staged"
    )
    summarize_staged(con, staged)


def _stage(names: tuple[str, ...], rows: list[tuple]) -> pa.Table:
    """Rows as an Arrow table for one bulk INSERT … SELECT (executemany is slow in DuckDB)."""
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})


def _insert_findings(con, doc_id: str, report: ExtractedReport) -> None:
    rows = [
        (doc_id, f"extract.{f.check}", f.severity, False, f.expected, f.observed, f.detail, f.table_kind,
         f.source_page, f.source_line, f.row_label)
        for f in report.all_findings
    ]
    if rows:
        staged = _stage(("document_id", "check", "severity", "passed", "expected", "observed", "detail",  # noqa: F841
                         "table_kind", "source_page", "source_line", "row_label"), rows)
        con.execute("insert into dq_results select *, ? from staged", [_now()])


def _insert_claims(con, doc_id: str, report: ExtractedReport) -> None:
    rows = [
        (doc_id, seq, claim.claim_id, rank, kind, item, measure, str(claim.amount), claim.source_line,
         claim.source_page, claim.text)
        for seq, claim in enumerate(report.claims, 1)
        for rank, (kind, item, measure) in enumerate(claim.targets, 1)
    ]
    if rows:
        staged = _stage(("document_id", "claim_seq", "claim_id", "target_rank", "table_kind", "item",  # noqa: F841
                         "measure", "amount", "source_line", "source_page", "claim_text"), rows)
        con.execute("insert into doc_claim (document_id, claim_seq, claim_id, target_rank, table_kind, item, measure, "
                    "amount, source_line, source_page, claim_text) select document_id, claim_seq, claim_id, target_rank, table_kind, item, "
                    "measure, cast(amount as decimal(18, 2)), source_line, source_page, claim_text from staged")


def _multi_keyed(fact: Fact) -> bool:
    return sum(code is not None for code in (fact.func_code, fact.econ_code, fact.gov_econ_code)) > 1


def _record_labels(con, doc_id: str, facts: list[Fact]) -> None:
    # a row keyed by several codes (功能 × 政府经济 × 部门经济) prints each code's name in its own cell: its
    # label ("2050803-培训支出 | 50203-培训费 | 30216-培训费") names none of them alone
    labels = {(s, c, f.row_label) for f in facts if not _multi_keyed(f)
              for s, c in (("func", f.func_code), ("econ", f.econ_code)) if c and f.row_label}
    if labels:
        # A plain insert: the labels are distinct and the document has no rows yet (load_report returns
        # for a loaded document and deletes a rejection record first); "or ignore" would look up every
        # key in the (system, code, label, document_id) index first, which costs ~10 ms per report in
        # a 10 M-fact warehouse (bench/incremental_ingest.py --facts).
        staged = _stage(("system", "code", "label"), sorted(labels))  # noqa: F841
        con.execute("insert into class_label select system, code, label, ? from staged", [doc_id])
    for system, table in (("func", "dim_func_class"), ("econ", "dim_econ_class")):
        if all(codebook(system).get(code) for s, code, _ in labels if s == system):
            continue  # every printed code is in the national list (the usual case): nothing to add
        con.execute(
            f"insert into {table} select l.code, min(l.label), case length(l.code) when 3 then 1 when 5 then 2 else 3 end, "
            f"case when length(l.code) > 3 then left(l.code, length(l.code) - 2) end, 'report' "
            f"from class_label l where l.system = ? and l.document_id = ? "
            f"and not exists (select 1 from {table} t where t.code = l.code) group by l.code",
            [system, doc_id],
        )


def record_rejection(con: duckdb.DuckDBPyConnection, path: str, error: RejectedInput) -> None:
    """Nothing of a rejected file is loaded; this only makes the rejection visible to queries. A narrative
    part (the text of a report whose tables are another file) is recorded as such (pipelines/load/parts.py)."""
    if isinstance(error, NarrativePart):
        from pipelines.load.parts import record_narrative_part  # noqa: PLC0415 (parts builds on this module)

        record_narrative_part(con, path, error)
        return
    try:
        data = Path(path).read_bytes() if Path(path).is_file() else f"not a file: {Path(path).absolute()}".encode()
        size = Path(path).stat().st_size if Path(path).is_file() else 0
    except OSError:  # unreadable: identify it by its path instead of its bytes
        data, size = str(Path(path).absolute()).encode(), 0
    if len(data) > 2**20 and size > 2**20:  # a huge rejected file: its path identifies it well enough
        data = f"{Path(path).resolve()}|{size}".encode()
    digest = hashlib.sha256(data).hexdigest()
    doc_id = digest[:16]
    con.execute("begin transaction")
    try:
        _delete_document(con, doc_id)
        con.execute(
            "insert into dim_document (document_id, file_name, source_path, sha256, size_bytes, source_format, "
            "status, status_reason, tables_found, facts_loaded, ingested_at) values (?,?,?,?,?,?,?,?,0,0,?)",
            [doc_id, Path(path).name, str(path), digest, size, "unknown", "quarantined", error.reason, _now()],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
