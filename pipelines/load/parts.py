"""A report split over two files: the narrative part (情况说明 text, no standard table) and its tables.

A narrative part is recorded in dim_document with its unit key, year, stage and scope, status
``narrative_part``; its claims (pipelines/locate/narrative.py) are kept in ``part_claim``. Whenever a
narrative part or a tables document of the same unit, year and stage is loaded, ``link_parts``
recomputes the pairing from what the warehouse holds, so the order of arrival does not matter:
- each current narrative part is linked (``doc_part``) to one current tables document of its unit,
  year and stage (the one of the same scope first, then the lowest document id);
- its claims are copied into ``doc_claim`` under that tables document, numbered after the
  document's own claims, with ``part_document_id`` naming the narrative file their line and page
  are in; the rules (NA01–NA04, TB01, DY01) then check them against the tables' facts;
- a narrative part without tables stays visible as waiting, with its reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.errors import NarrativePart
from pipelines.locate.metadata import detect_region
from pipelines.locate.unit_key import unit_id
from pipelines.model import ReportMeta
from pipelines.load.warehouse import _delete_document, _now, _stage, _upsert_unit, version_key

STATUS = "narrative_part"
_PART_SCOPE = "narrative_part"  # the scope word of a narrative part's version key (its versions supersede each other)
_CLAIM_COLUMNS = ("document_id", "claim_seq", "claim_id", "target_rank", "table_kind", "item", "measure", "amount",
                  "source_line", "source_page", "claim_text")


@dataclass(frozen=True)
class PartOutcome:
    document_id: str
    status: str  # narrative_part | unchanged
    report_document_id: str | None  # the tables document its claims are checked with, None while waiting
    claims: int
    reason: str


def waiting_reason(unit_name: str, year: int, stage: str) -> str:
    return NarrativePart("", unit_name, year, stage).reason


def linked_reason(unit_name: str, year: int, stage: str, claims: int, file_name: str, report_id: str) -> str:
    return (f"narrative part of the {year} {stage} report of {unit_name}: its {claims} claims are checked "
            f"against the tables of {file_name} (document {report_id})")


def _identity(path: str, part: NarrativePart) -> tuple[str, str, int, str, int | None]:
    """sha256, file name, size, format and pages of the narrative file (from its source when extracted)."""
    source = part.source
    if source is not None:
        return source.sha256, source.file_name, source.size_bytes, source.source_format, source.pages
    data = Path(path).read_bytes()
    return hashlib.sha256(data).hexdigest(), Path(path).name, len(data), "unknown", None


def record_narrative_part(con: duckdb.DuckDBPyConnection, path: str, part: NarrativePart) -> PartOutcome:
    """Record the narrative part (its claims too) and link it to its tables if they are loaded.
    The same bytes again change nothing."""
    meta = part.meta or ReportMeta(part.unit_name, None, detect_region(part.unit_name), part.year, part.stage,
                                   None, None)
    sha, file_name, size, source_format, pages = _identity(path, part)
    doc_id = sha[:16]
    if con.execute("select count(*) from dim_document where document_id = ? and status in (?, 'superseded') "
                   "and year is not null and coalesce(tables_found, 0) = 0", [doc_id, STATUS]).fetchone()[0]:
        return _outcome(con, doc_id, "unchanged")
    uid = unit_id(meta.region, meta.unit_name)
    key = version_key(uid, meta.year, meta.stage, _PART_SCOPE)
    con.execute("begin transaction")
    try:
        _delete_document(con, doc_id)  # the rejection record of the same bytes, from an earlier run
        _upsert_unit(con, uid, meta.unit_name, meta.unit_code, meta.region)
        con.execute("update dim_document set status = 'superseded', superseded_by = ? where version_key = ? "
                    "and status = ?", [doc_id, key, STATUS])
        con.execute(
            "insert into dim_document (document_id, file_name, source_path, sha256, size_bytes, source_format, pages, "
            "unit_id, unit_name, unit_code, region, year, stage, scope, money_unit, status, status_reason, "
            "tables_found, facts_loaded, ingested_at, version_key) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,0,?,?)",
            [doc_id, file_name, str(path), sha, size, source_format, pages, uid, meta.unit_name, meta.unit_code,
             meta.region, meta.year, meta.stage, meta.scope, meta.money_unit, STATUS,
             waiting_reason(meta.unit_name, meta.year, meta.stage), _now(), key])
        rows = [(doc_id, seq, claim.claim_id, rank, kind, item, measure, str(claim.amount), claim.source_line,
                 claim.source_page, claim.text)
                for seq, claim in enumerate(part.claims, 1)
                for rank, (kind, item, measure) in enumerate(claim.targets, 1)]
        if rows:
            staged = _stage(_CLAIM_COLUMNS, rows)  # noqa: F841 (read by name below)
            con.execute(f"insert into part_claim ({', '.join(_CLAIM_COLUMNS)}) select document_id, claim_seq, "
                        "claim_id, target_rank, table_kind, item, measure, cast(amount as decimal(18, 2)), "
                        "source_line, source_page, claim_text from staged")
        link_parts(con, uid, meta.year, meta.stage)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return _outcome(con, doc_id, STATUS)


def _outcome(con, doc_id: str, status: str) -> PartOutcome:
    report, claims, reason = con.execute(
        "select p.report_document_id, (select count(distinct claim_seq) from part_claim c where c.document_id = d.document_id), "
        "d.status_reason from dim_document d left join doc_part p on p.part_document_id = d.document_id "
        "where d.document_id = ?", [doc_id]).fetchone()
    return PartOutcome(doc_id, status, report, claims, reason)


def link_parts(con: duckdb.DuckDBPyConnection, uid: str, year: int, stage: str) -> dict[str, str]:
    """Re-pair the narrative parts of this unit, year and stage with its current tables document (in
    the caller's transaction); returns {narrative part: tables document}."""
    key = [uid, year, stage]
    narratives = ("select document_id from dim_document where unit_id = ? and year = ? and stage = ? "
                  "and coalesce(tables_found, 0) = 0")
    if not con.execute(f"select count(*) from ({narratives})", key).fetchone()[0]:
        return {}  # the usual case: a report in one file
    con.execute(f"delete from doc_claim where part_document_id in ({narratives})", key)
    con.execute(f"delete from doc_part where part_document_id in ({narratives})", key)
    parts = con.execute("select document_id, scope, unit_name from dim_document where status = ? and unit_id = ? "
                        "and year = ? and stage = ? order by document_id", [STATUS, *key]).fetchall()
    reports = con.execute("select document_id, scope, file_name from dim_document where status in ('loaded', 'quarantined') "
                          "and coalesce(tables_found, 0) > 0 and unit_id = ? and year = ? and stage = ? "
                          "order by document_id", key).fetchall()
    links: dict[str, str] = {}
    next_seq: dict[str, int] = {}
    for part_id, scope, unit_name in parts:
        if not reports:
            con.execute("update dim_document set status_reason = ? where document_id = ?",
                        [waiting_reason(unit_name, year, stage), part_id])
            continue
        report_id, _, file_name = min(reports, key=lambda r: (r[1] != scope, r[0]))
        if report_id not in next_seq:
            next_seq[report_id] = con.execute("select coalesce(max(claim_seq), 0) from doc_claim where document_id = ?",
                                              [report_id]).fetchone()[0]
        offset = next_seq[report_id]
        con.execute(f"insert into doc_claim ({', '.join(_CLAIM_COLUMNS)}, part_document_id) "
                    f"select ?, claim_seq + ?, {', '.join(_CLAIM_COLUMNS[2:])}, document_id from part_claim "
                    "where document_id = ?", [report_id, offset, part_id])
        seqs, top = con.execute("select count(distinct claim_seq), coalesce(max(claim_seq), 0) from part_claim "
                                "where document_id = ?", [part_id]).fetchone()
        next_seq[report_id] = offset + top
        con.execute("insert into doc_part values (?, ?, ?)", [part_id, report_id, seqs])
        con.execute("update dim_document set status_reason = ? where document_id = ?",
                    [linked_reason(unit_name, year, stage, seqs, file_name, report_id), part_id])
        links[part_id] = report_id
    return links
