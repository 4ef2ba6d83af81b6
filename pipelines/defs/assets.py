"""Assets for the pipeline stages, one partition per source document:
raw_document → located_tables → report_facts → warehouse_tables, then validated_facts for all.

Each asset calls the same library functions as `yjs ingest`; a rejected file fails nothing: it is
recorded in dim_document with its reason, and its partition's later stages carry the rejection.
"""

import hashlib
from pathlib import Path

import dagster as dg

from pipelines.defs.partitions import document_key, documents
from pipelines.defs.resources import InboxResource, WarehouseResource
from pipelines.errors import RejectedInput
from pipelines.ingest import expand_paths
from pipelines.load import load_report, record_rejection
from pipelines.locate import detect_report_meta, locate_report
from pipelines.locate.narrative import find_claims
from pipelines.model import ExtractedReport
from pipelines.normalize import normalize_table
from pipelines.read import read_document

GROUP = "disclosures"


def find_document(inbox: str, key: str) -> Path:
    """The inbox file a partition key names (same file name, same content hash)."""
    for path in expand_paths([inbox]):
        if document_key("0" * 16, path.name)[16:] == key[16:] and path.is_file():
            if document_key(hashlib.sha256(path.read_bytes()).hexdigest(), path.name) == key:
                return path
    raise FileNotFoundError(f"no file in {inbox} matches partition {key}")


@dg.asset(group_name=GROUP, partitions_def=documents)
def raw_document(context: dg.AssetExecutionContext, inbox: InboxResource) -> dict:
    """The source file of this partition, read into numbered, paged lines (or its rejection)."""
    path = find_document(inbox.path, context.partition_key)
    try:
        source = read_document(path)
    except RejectedInput as error:
        context.add_output_metadata({"rejected": error.reason})
        return {"path": str(path), "rejected": error}
    context.add_output_metadata({"lines": len(source.lines), "pages": source.pages, "bytes": source.size_bytes})
    return {"path": str(path), "source": source}


@dg.asset(group_name=GROUP, partitions_def=documents)
def located_tables(context: dg.AssetExecutionContext, raw_document: dict) -> dict:
    """Standard tables and report metadata (unit, year, stage, scope) of the document."""
    if "rejected" in raw_document:
        return raw_document
    source = raw_document["source"]
    try:
        source, tables = locate_report(source)
        meta = detect_report_meta(source, tables)
    except RejectedInput as error:
        context.add_output_metadata({"rejected": error.reason})
        return {"path": raw_document["path"], "rejected": error}
    context.add_output_metadata({
        "unit": meta.unit_name, "year": meta.year, "stage": meta.stage, "scope": meta.scope,
        "tables": dg.MetadataValue.md("\n".join(f"- {t.kind} (printed {t.printed_number or '-'}): {t.title}" for t in tables)),
    })
    return {"path": raw_document["path"], "source": source, "meta": meta, "tables": tables}


@dg.asset(group_name=GROUP, partitions_def=documents)
def report_facts(context: dg.AssetExecutionContext, located_tables: dict) -> dict:
    """Facts with canonical codes, extraction findings and narrative claims of the document."""
    if "rejected" in located_tables:
        return located_tables
    source, meta, tables = located_tables["source"], located_tables["meta"], located_tables["tables"]
    report = ExtractedReport(source, meta, tuple(normalize_table(t, meta) for t in tables), (),
                             tuple(find_claims(source.lines, tables, meta.stage)))
    context.add_output_metadata({"facts": len(report.facts), "findings": len(report.all_findings),
                                 "claims": len(report.claims)})
    return {"path": located_tables["path"], "report": report}


@dg.asset(group_name=GROUP, partitions_def=documents)
def warehouse_tables(report_facts: dict, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The document in dim_document, doc_table, fact_amount, dq_results (one transaction)."""
    con = warehouse.connect()
    try:
        if "rejected" in report_facts:
            record_rejection(con, report_facts["path"], report_facts["rejected"])
            return dg.MaterializeResult(metadata={"status": "rejected", "reason": report_facts["rejected"].reason})
        outcome = load_report(con, report_facts["report"])
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
