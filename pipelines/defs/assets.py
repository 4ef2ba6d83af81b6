"""Assets for the pipeline stages, one partition per source document:
raw_document → located_tables → report_facts → warehouse_tables, then validated_facts for all.

Each asset calls the same library functions as `yjs ingest`; a rejected file fails nothing: it is
recorded in dim_document with its reason, and its partition's later stages carry the rejection.
"""

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import dagster as dg

from pipelines.defs.partitions import document_key, documents
from pipelines.defs.resources import InboxResource, WarehouseResource
from pipelines.errors import NarrativePart, RejectedInput
from pipelines.extract import extract_located
from pipelines.ingest import expand_paths, narrative_part
from pipelines.load import load_report, record_rejection
from pipelines.locate import detect_report_meta, locate_report
from pipelines.model import ExtractedReport, LocatedTable, ReportMeta, SourceDocument
from pipelines.read import read_document

GROUP = "disclosures"


@dataclass(frozen=True)
class DocumentStage:
    """What a document partition carries from one stage to the next: the file, what the stages so
    far made of it, or the rejection that stopped it (later stages pass it on to the loader)."""

    path: str
    source: SourceDocument | None = None
    tables: tuple[LocatedTable, ...] = ()
    meta: ReportMeta | None = None
    report: ExtractedReport | None = None
    rejected: RejectedInput | None = None


def find_document(inbox: str, key: str) -> Path:
    """The inbox file a partition key names (same file name, same content hash)."""
    for path in expand_paths([inbox]):
        if document_key("0" * 16, path.name)[16:] == key[16:] and path.is_file():
            if document_key(hashlib.sha256(path.read_bytes()).hexdigest(), path.name) == key:
                return path
    raise FileNotFoundError(f"no file in {inbox} matches partition {key}")


def _rejected(context: dg.AssetExecutionContext, stage: DocumentStage, error: RejectedInput) -> DocumentStage:
    context.add_output_metadata({"rejected": error.reason})
    return replace(stage, rejected=error)


@dg.asset(group_name=GROUP, partitions_def=documents)
def raw_document(context: dg.AssetExecutionContext, inbox: InboxResource) -> DocumentStage:
    """The source file of this partition, read into numbered, paged lines (or its rejection)."""
    stage = DocumentStage(path=str(find_document(inbox.path, context.partition_key)))
    try:
        source = read_document(stage.path)
    except RejectedInput as error:
        return _rejected(context, stage, error)
    context.add_output_metadata({"lines": len(source.lines), "pages": source.pages, "bytes": source.size_bytes})
    return replace(stage, source=source)


@dg.asset(group_name=GROUP, partitions_def=documents)
def located_tables(context: dg.AssetExecutionContext, raw_document: DocumentStage) -> DocumentStage:
    """Standard tables and report metadata (unit, year, stage, scope) of the document."""
    if raw_document.rejected:
        return raw_document
    try:
        source, tables = locate_report(raw_document.source)
        try:
            meta = detect_report_meta(source, tables)
        except NarrativePart as part:  # recorded with its metadata and claims, as `yjs ingest` records it
            return _rejected(context, raw_document, narrative_part(part, source, tables))
    except RejectedInput as error:
        return _rejected(context, raw_document, error)
    context.add_output_metadata({
        "unit": meta.unit_name, "year": meta.year, "stage": meta.stage, "scope": meta.scope,
        "tables": dg.MetadataValue.md("\n".join(f"- {t.kind} (printed {t.printed_number or '-'}): {t.title}" for t in tables)),
    })
    return replace(raw_document, source=source, tables=tuple(tables), meta=meta)


@dg.asset(group_name=GROUP, partitions_def=documents)
def report_facts(context: dg.AssetExecutionContext, located_tables: DocumentStage) -> DocumentStage:
    """Facts with canonical codes, extraction findings and narrative claims of the document
    (`extract_located`, the normalize stage `yjs ingest` runs too)."""
    if located_tables.rejected:
        return located_tables
    report = extract_located(located_tables.source, list(located_tables.tables), located_tables.meta)
    context.add_output_metadata({"facts": len(report.facts), "findings": len(report.all_findings),
                                 "claims": len(report.claims)})
    return replace(located_tables, report=report)


@dg.asset(group_name=GROUP, partitions_def=documents)
def warehouse_tables(report_facts: DocumentStage, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The document in dim_document, doc_table, fact_amount, dq_results (one transaction)."""
    con = warehouse.connect()
    try:
        if report_facts.rejected:
            record_rejection(con, report_facts.path, report_facts.rejected)
            return dg.MaterializeResult(metadata={"status": "rejected", "reason": report_facts.rejected.reason})
        outcome = load_report(con, report_facts.report)
        preview = con.execute(
            "select table_kind, count(*) as facts from fact_amount where document_id = ? group by all order by all",
            [outcome.document_id]).df()
    finally:
        con.close()
    return dg.MaterializeResult(metadata={
        "status": outcome.status, "document_id": outcome.document_id, "row_count": outcome.facts,
        "superseded": dg.MetadataValue.json(list(outcome.superseded)),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
    })


@dg.asset(group_name=GROUP, deps=[warehouse_tables], automation_condition=dg.AutomationCondition.eager())
def validated_facts(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """v_facts after the expectation suites ran over every current document (analyst views refreshed)."""
    from pipelines.validate.runner import validate_documents

    con = warehouse.connect()
    try:
        report = validate_documents(con)
        facts = con.execute("select count(*) from v_facts").fetchone()[0]
        printed, counted, verified, loaded = con.execute(  # coverage (issue 15): v_document_coverage summed
            "select sum(printed_cells), sum(facts) filter (where printed_cells is not null), sum(verified_facts), "
            "sum(facts) from v_document_coverage").fetchone()
    finally:
        con.close()
    return dg.MaterializeResult(metadata={
        "row_count": facts, "documents": len(report.document_ids), "errors": report.errors,
        "quarantined": dg.MetadataValue.json(report.quarantined),
        "tables_quarantined": len(report.quarantined_tables),
        "printed_cells": int(printed or 0),
        "facts_pct_of_printed": round(100 * float(counted or 0) / float(printed), 1) if printed else None,
        "verified_pct": round(100 * float(verified or 0) / float(loaded), 1) if loaded else None,
    })
