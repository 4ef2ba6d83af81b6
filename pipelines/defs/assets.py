"""Assets for the pipeline stages: raw documents → located tables → facts → warehouse tables.

Each asset calls the same library functions as `yjs ingest`; a rejected file is reported in the
asset's metadata and the rest of the batch goes on.
"""


import dagster as dg

from pipelines.defs.resources import InboxResource, WarehouseResource
from pipelines.errors import RejectedInput
from pipelines.ingest import expand_paths
from pipelines.load import load_report, record_rejection
from pipelines.locate import detect_report_meta, locate_tables
from pipelines.locate.narrative import find_claims
from pipelines.model import ExtractedReport
from pipelines.normalize import normalize_table
from pipelines.read import read_document

GROUP = "disclosures"


@dg.asset(group_name=GROUP)
def raw_documents(context: dg.AssetExecutionContext, inbox: InboxResource) -> dict:
    """Source files in the inbox, read into lines; unreadable files listed with their reason."""
    documents, rejected = {}, {}
    for path in expand_paths([inbox.path]):
        try:
            documents[str(path)] = read_document(path)
        except RejectedInput as error:
            rejected[str(path)] = error
    context.add_output_metadata({"documents": len(documents), "rejected": dg.MetadataValue.json(
        {p: e.reason for p, e in rejected.items()})})
    return {"documents": documents, "rejected": rejected}


@dg.asset(group_name=GROUP)
def located_tables(context: dg.AssetExecutionContext, raw_documents: dict) -> dict:
    """Standard tables and report metadata (unit, year, stage, scope) of each document."""
    located, rejected = {}, dict(raw_documents["rejected"])
    for path, source in raw_documents["documents"].items():
        try:
            tables = locate_tables(source.lines)
            located[path] = (source, detect_report_meta(source, tables), tables)
        except RejectedInput as error:
            rejected[path] = error
    context.add_output_metadata({
        "tables": sum(len(t) for _, _, t in located.values()),
        "per_document": dg.MetadataValue.md("\n".join(
            f"- {s.file_name}: {m.unit_name} {m.year} {m.stage} — {len(t)} tables" for s, m, t in located.values())),
    })
    return {"located": located, "rejected": rejected}


@dg.asset(group_name=GROUP)
def report_facts(context: dg.AssetExecutionContext, located_tables: dict) -> dict:
    """Facts with canonical codes and the findings of each document's normalisation."""
    reports = {
        path: ExtractedReport(source, meta, tuple(normalize_table(t, meta) for t in tables), (),
                              tuple(find_claims(source.lines, tables, meta.stage)))
        for path, (source, meta, tables) in located_tables["located"].items()
    }
    context.add_output_metadata({
        "facts": sum(len(r.facts) for r in reports.values()),
        "findings": sum(len(r.all_findings) for r in reports.values()),
    })
    return {"reports": reports, "rejected": located_tables["rejected"]}


@dg.asset(group_name=GROUP)
def warehouse_tables(report_facts: dict, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """dim_document, dim_unit, doc_table, fact_amount and v_facts in DuckDB, one transaction per document."""
    con = warehouse.connect()
    try:
        outcomes = [load_report(con, report) for report in report_facts["reports"].values()]
        for path, error in report_facts["rejected"].items():
            record_rejection(con, path, error)
        facts = con.execute("select count(*) from v_facts").fetchone()[0]
        preview = con.execute(
            "select unit_name, year, stage, scope, count(*) as facts from v_facts group by all order by all"
        ).df()
    finally:
        con.close()
    return dg.MaterializeResult(metadata={
        "row_count": facts,
        "documents": len(outcomes),
        "rejected": len(report_facts["rejected"]),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if hasattr(preview, "to_markdown") else str(preview)),
    })
