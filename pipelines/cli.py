"""The `yjs` command line: ingest reports, query the warehouse.

Examples:
  yjs ingest                       # the inbox (data/raw/ or $YJS_RAW)
  yjs ingest report.txt reports/   # files and folders
  yjs query "select unit_name, amount from v_facts where item = 'three_public_total'" --format csv
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

from pipelines.ingest import expand_paths, ingest_file, raw_dir
from pipelines.load import connect, warehouse_path
from pipelines.load.lock import WarehouseBusy, writer_lock
from pipelines.validate.runner import validate_documents

app = typer.Typer(
    help="yjs: 预算/决算公开 reports → a DuckDB warehouse (v_facts). 预算 = budget, 决算 = final account.",
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
            with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
                task = progress.add_task("ingesting", total=len(files))
                for path in files:
                    result = ingest_file(lambda: connect(warehouse), path)
                    progress.advance(task)
                    if result.status == "rejected":
                        rejected += 1
                        errors.print(f"[red]REJECTED[/red] {result.path}: {result.reason}", soft_wrap=True, highlight=False)
                        continue
                    loaded.append(result.document_id)
                    console.print(
                        f"[green]{result.status.upper():9}[/green] {Path(result.path).name}: {result.unit_name} "
                        f"{result.year} {result.stage}/{result.scope} — {result.tables} tables, {result.facts} facts, "
                        f"{result.findings} findings, {result.seconds:.2f}s"
                        + (f", supersedes {', '.join(result.superseded)}" if result.superseded else ""),
                        soft_wrap=True, highlight=False,
                    )
            if loaded and validate_after:
                con = connect(warehouse)
                try:
                    _print_summary(validate_documents(con, loaded))
                finally:
                    con.close()
    except WarehouseBusy as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(1) from error
    console.print(f"warehouse: {warehouse_path()}", highlight=False)
    if rejected:
        raise typer.Exit(2)


def _print_summary(report) -> None:
    counts = report.findings.groupby("severity").size().to_dict() if not report.findings.empty else {}
    console.print(
        f"validated {len(report.document_ids)} documents: {counts.get('error', 0)} errors, "
        f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} within rounding; "
        f"quarantined: {', '.join(report.quarantined) or 'none'} (details: yjs validate)",
        highlight=False,
    )


@app.command()
def validate(
    document: str = typer.Option(None, "--document", "-d", help="Validate one document id (default: all)."),
    show_info: bool = typer.Option(False, "--info", help="Also list differences within rounding (尾数误差)."),
) -> None:
    """Run the expectation suites (identities 勾稽关系), record dq_results, list findings by document.

    Exit 0 when no error-severity finding exists, 1 when some document has errors (it is quarantined).
    """
    con = connect()
    try:
        report = validate_documents(con, [document] if document else None)
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


if __name__ == "__main__":
    app()
