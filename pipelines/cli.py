"""The `yjs` command line: ingest reports, query, validate, export, browse.

Examples:
  yjs ingest                       # the inbox (data/raw/ or $YJS_RAW)
  yjs ingest report.txt reports/   # files and folders
  yjs query "select unit_name, amount from v_facts where item = 'three_public_total'" --format csv
  yjs units                        # 单位 in the warehouse
  yjs show baotou-shebao           # one document: tables found, findings
  yjs export out/ --format parquet # Hive-partitioned Parquet (year=…/province=…/)
  yjs dashboard                    # comparison dashboard on http://127.0.0.1:8501
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import duckdb
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from pipelines.ingest import expand_paths, extract_files, load_extraction, raw_dir
from pipelines.load import connect, warehouse_path
from pipelines.load.lock import WarehouseBusy, writer_lock
from pipelines.load.writer import BatchWriter
from pipelines.validate.runner import UnknownDocument, resolve_document, validate_documents

app = typer.Typer(
    help="yjs: 预算/决算公开 reports → a DuckDB warehouse (v_facts). 预算 = budget, 决算 = final account, "
         "单位 = budget unit, 功能分类 = functional class, 经济分类 = economic class, 三公 = the three public expenses.\n\n"
         "Examples: yjs ingest · yjs query \"select * from v_three_public\" -f csv · yjs validate · "
         "yjs export out/ · yjs units · yjs show <document> · yjs docs · yjs dashboard",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True)


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: data/raw/ or $YJS_RAW)."),
    validate_after: bool = typer.Option(True, "--validate/--no-validate", help="Run the expectation suites on what loaded."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Extraction processes (loading stays one writer)."),
) -> None:
    """Ingest reports (收支总表, 支出表, 三公 …) into the warehouse; one line per document.

    Exit 0 when every document loaded, 2 when some were rejected (each with its reason), 1 on a crash.
    """
    files = expand_paths(paths or [raw_dir()])
    if not files:
        errors.print(f"[red]no files to ingest in {', '.join(map(str, paths or [raw_dir()]))}[/red]")
        raise typer.Exit(2)
    warehouse = warehouse_path()
    rejected = 0
    loaded: list[str] = []
    try:
        with writer_lock(warehouse):
            with (Progress(console=console, transient=True, disable=not console.is_terminal) as progress,
                  BatchWriter(lambda: connect(warehouse)) as writer):
                task = progress.add_task("ingesting", total=len(files))
                for extraction in extract_files(files, workers):
                    result = load_extraction(writer(), extraction)
                    progress.advance(task)
                    if result.status == "rejected":
                        rejected += 1
                        errors.print(f"[red]REJECTED[/red] {result.path}: {result.reason}", soft_wrap=True, highlight=False)
                        continue
                    loaded.extend(d for d in result.validate_ids if d not in loaded)
                    console.print(
                        f"[green]{result.status.upper():9}[/green] {Path(result.path).name}: {result.unit_name} "
                        f"{result.year} {result.stage}/{result.scope} — {result.tables} tables, "
                        f"{_share(result.facts, result.counted_facts, result.printed_cells)}, "
                        f"{result.findings} findings, {result.seconds:.2f}s"
                        + (f", supersedes {', '.join(result.superseded)}" if result.superseded else ""),
                        soft_wrap=True, highlight=False,
                    )
            if loaded and validate_after:
                con = connect(warehouse)
                try:
                    report = validate_documents(con, loaded)
                    _print_trust(con, report.document_ids)
                    _print_summary(report)
                finally:
                    con.close()
    except WarehouseBusy as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(1) from error
    console.print(f"warehouse: {warehouse_path()}", highlight=False)
    if rejected:
        raise typer.Exit(2)


def _share(facts: int, counted: int, printed: int | None) -> str:
    """"205 facts = 98.6 % of printed cells" (the share over the tables whose printed cells are known)."""
    if not printed:
        return f"{facts} facts"
    return f"{facts} facts = {100 * counted / printed:.1f} % of printed cells"


def _print_trust(con, document_ids: list[str]) -> None:
    """One line per validated document: coverage, verified share, tables quarantined (v_document_coverage)."""
    rows = con.execute(
        "select file_name, facts, printed_cells, facts_pct, verified_pct, quarantined_tables, quarantined_facts, "
        "coverage_gaps, status from v_document_coverage where document_id in (select unnest(?::varchar[])) "
        "order by file_name", [document_ids]).fetchall()
    for name, facts, printed, facts_pct, verified_pct, tables, hidden, gaps, status in rows:
        line = (f"{facts} facts" + (f" = {facts_pct:.1f} % of printed cells" if facts_pct is not None else "")
                + (f", {verified_pct:.0f} % verified" if verified_pct is not None else ""))
        extra = ([f"{tables} tables quarantined ({hidden} facts)"] if tables else []) + \
                ([f"{gaps} cells/rows not read"] if gaps else []) + ([status.upper()] if status != "loaded" else [])
        console.print(f"[cyan]{'VERIFIED':9}[/cyan] {name}: {line}" + (f" — {', '.join(extra)}" if extra else ""),
                      soft_wrap=True, highlight=False)


def _print_summary(report) -> None:
    counts = report.counts  # every finding recorded for these documents, as `yjs validate` lists them
    tables = report.quarantined_tables
    console.print(
        f"validated {len(report.document_ids)} documents: {counts.get('error', 0)} errors, "
        f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} info (within rounding, repairs); "
        f"quarantined: {', '.join(report.quarantined) or 'none'}"
        + (f"; tables quarantined: {len(tables)}" if len(tables) else "") + " (details: yjs validate)",
        highlight=False,
    )


@app.command()
def validate(
    document: str = typer.Option(None, "--document", "-d", help="Validate one document id (default: all)."),
    show_info: bool = typer.Option(False, "--info", help="Also list differences within rounding (尾数误差)."),
) -> None:
    """Run the expectation suites (identities 勾稽关系), record dq_results, list findings by document.

    Exit 0 when no error-severity finding exists, 1 when some document has errors (cells not read,
    a table or the document quarantined), 2 when --document matches no document (nothing is written).
    --document takes an id, its start or part of the file name, as `yjs show`.
    """
    con = connect()
    try:
        report = validate_documents(con, [resolve_document(con, document)] if document else None)
    except UnknownDocument as error:  # nothing was written
        con.close()
        errors.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from error
    try:
        names = dict(con.execute("select document_id, file_name from dim_document").fetchall())
        findings = con.execute(
            "select document_id, \"check\", severity, table_kind, source_line, row_label, expected, observed, detail "
            "from dq_results where document_id in (select unnest(?::varchar[])) and (? or severity <> 'info') "
            "order by document_id, severity, \"check\", source_line", [report.document_ids, show_info]).df()
    finally:
        con.close()
    for document_id, group in findings.groupby("document_id", sort=True):
        table = Table("check", "severity", "table", "line", "row", "expected", "observed", "detail",
                      title=f"{names.get(document_id, '')} ({document_id})", title_justify="left")
        for row in group.itertuples():
            colour = {"error": "red", "warning": "yellow"}.get(row.severity, "dim")
            table.add_row(row.check, f"[{colour}]{row.severity}[/{colour}]", str(row.table_kind or ""),
                          "" if row.source_line is None else str(row.source_line), str(row.row_label or ""),
                          str(row.expected or ""), str(row.observed or ""), row.detail)
        console.print(table)
    _print_summary(report)
    if report.errors or report.quarantined:
        raise typer.Exit(1)


@app.command()
def query(
    sql: str = typer.Argument(..., help="SQL to run, e.g. \"select * from v_facts limit 5\"."),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Run SQL on a read-only connection to the warehouse (writes fail)."""
    try:
        con = connect(read_only=True)
    except FileNotFoundError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    except duckdb.Error as error:
        errors.print(f"[red]query failed:[/red] {error}", highlight=False)
        raise typer.Exit(1) from error
    finally:
        con.close()
    if output is OutputFormat.csv:
        import csv
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif output is OutputFormat.json:
        print(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, default=str, indent=1))
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)


@app.command()
def docs(out: Path = typer.Option(Path("data/docs"), help="Output folder.")) -> None:
    """Build the validation docs: rules catalogue, findings and GX Data Docs (HTML) under data/docs/."""
    from pipelines.validate.docs import build_docs

    con = connect()
    try:
        index = build_docs(con, out)
    finally:
        con.close()
    console.print(f"open {index}", highlight=False)


class ExportFormat(str, Enum):
    parquet = "parquet"


@app.command()
def export(
    out: Path = typer.Argument(..., help="Folder to write (created); an existing out/facts/ is replaced."),
    output: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f", help="parquet."),
    by: list[str] = typer.Option(["year", "province"], "--by",
                                 help="Hive partition keys in directory order: year, province, stage, region, table_kind, scope "
                                      "(default: --by year --by province)."),
) -> None:
    """Write v_facts as Hive-partitioned Parquet (out/facts/year=2024/province=内蒙古自治区/…) plus the dimensions and dq_results.

    province (省级) is derived from the unit's region with reference/regions.csv ('unknown' when none fits);
    --by region partitions by region_key. Directory names are plain UTF-8, so pyarrow.dataset, polars,
    DuckDB, Spark and Trino read the same values back. Example: yjs export out/ --by year --by province
    """
    from pipelines.serve.export import export_parquet

    con = _read_only()
    try:
        written = export_parquet(con, out, by)
    except ValueError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    finally:
        con.close()
    for name, rows in written.items():
        console.print(f"{name}: {rows} rows", highlight=False)
    console.print(f"wrote {out} (facts/ partitioned by {'/'.join(dict.fromkeys(by))})", highlight=False)


@app.command()
def units() -> None:
    """List the 单位 (budget units) in the warehouse with their codes, regions, years and documents."""
    con = _read_only()
    try:
        rows = con.execute(
            "select u.unit_name, u.unit_code, u.region, string_agg(distinct f.year::varchar || ' ' || f.stage, ', ') as years, "
            "count(distinct f.document_id) as documents, count(*) as facts "
            "from dim_unit u join v_facts f on f.unit_name = u.unit_name and f.region is not distinct from u.region "
            "group by all order by u.region, u.unit_name").fetchall()
    finally:
        con.close()
    table = Table("unit 单位", "code", "region", "years", "documents", "facts")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@app.command()
def show(document: str = typer.Argument(..., help="A document id (or its start) or a file name (or part of it).")) -> None:
    """One document: what the report says about itself, the tables found, facts and findings."""
    con = _read_only()
    try:
        matches = con.execute(
            "select document_id from dim_document where document_id like ? || '%' or file_name like '%' || ? || '%'",
            [document, document]).fetchall()
        if len(matches) != 1:
            errors.print(f"[red]{len(matches)} documents match {document!r}; give more of the id or file name[/red]")
            raise typer.Exit(2)
        doc_id = matches[0][0]
        meta = con.execute("select file_name, unit_name, unit_code, region, year, stage, scope, status, status_reason, "
                           "pages, facts_loaded, superseded_by from dim_document where document_id = ?", [doc_id]).fetchone()
        tables = con.execute("select t.table_seq, t.table_kind, t.printed_number, t.layout, t.status, c.printed_cells, "
                             "t.facts, c.verified_facts, c.unverified_facts, t.title_line, "
                             "coalesce('QUARANTINED: ' || t.quarantine_reason, t.title) "
                             "from doc_table t join v_table_coverage c using (document_id, table_seq) "
                             "where t.document_id = ? order by t.table_seq", [doc_id]).fetchall()
        coverage = con.execute("select facts, printed_cells, facts_pct, verified_facts, verified_pct "
                               "from v_document_coverage where document_id = ?", [doc_id]).fetchone()
        unread = con.execute("select \"check\", table_kind, source_page, source_line, row_label, detail from dq_results "
                             "where document_id = ? and \"check\" like 'extract.%' and severity = 'error' "
                             "order by source_line nulls first", [doc_id]).fetchall()
        findings = con.execute("select severity, \"check\", count(*) from dq_results where document_id = ? "
                               "group by all order by 1, 2", [doc_id]).fetchall()
    finally:
        con.close()
    labels = ("file", "unit", "unit code", "region", "year", "stage", "scope", "status", "reason", "pages", "facts", "superseded by")
    for label, value in zip(labels, meta):
        if value is not None:
            console.print(f"[bold]{label}:[/bold] {value}", highlight=False)
    if coverage and coverage[0] is not None:
        facts, printed, facts_pct, verified, verified_pct = coverage
        console.print(f"[bold]coverage:[/bold] {facts} facts" + (f" = {facts_pct} % of {printed} printed cells" if printed else "")
                      + (f", {verified} verified ({verified_pct} %)" if verified_pct is not None else ""), highlight=False)
    table = Table("#", "table_kind", "printed", "layout", "status", "cells", "facts", "verified", "broken", "line",
                  "title", title="tables found (cells: amounts printed; verified/broken: facts whose identities hold/fail)")
    for row in tables:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
    if unread:
        gaps = Table("check", "table", "page", "line", "row", "detail", title=f"cells not read ({len(unread)}): coverage gaps")
        for row in unread:
            gaps.add_row(*("" if v is None else str(v) for v in row))
        console.print(gaps)
    summary = Table("severity", "check", "count", title="findings (yjs validate --document for details)")
    for row in findings:
        summary.add_row(*map(str, row))
    console.print(summary)


@app.command()
def dashboard(
    port: int = typer.Option(8501, help="Port on 127.0.0.1."),
    address: str = typer.Option("127.0.0.1", help="Address to listen on."),
) -> None:
    """Open the comparison dashboard (Streamlit); it reads the warehouse read-only, even during an ingest."""
    from pipelines.serve.launch import launch

    raise typer.Exit(launch(port=port, address=address))


def _read_only():
    try:
        return connect(read_only=True)
    except FileNotFoundError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error


if __name__ == "__main__":
    app()
