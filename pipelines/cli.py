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

from pipelines.ingest import expand_paths, extract_files, load_extraction, raw_dir
from pipelines.load import connect, warehouse_path
from pipelines.load.lock import WarehouseBusy, writer_lock
from pipelines.load.writer import BatchWriter
from pipelines.serve.cli_output import FindingRow, print_findings, print_rows, print_summary, print_trust, share
from pipelines.serve.paths import resolve_defaults, warehouse_origin
from pipelines.serve.read_sql import NotARead, read_statement
from pipelines.serve.show_document import print_document
from pipelines.validate.runner import UnknownDocument, resolve_document, validate_documents

app = typer.Typer(
    help="yjs: 预算/决算公开 reports → a DuckDB warehouse (v_facts). 预算 = budget, 决算 = final account, "
         "单位 = budget unit, 功能分类 = functional class, 经济分类 = economic class, 三公 = the three public expenses.\n\n"
         "Examples: yjs ingest · yjs query \"select * from v_three_public\" -f csv · yjs validate · "
         "yjs export out/ · yjs units · yjs show <document> · yjs docs · yjs dashboard",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # messages whole: a terminal wraps them, grep finds them
_chosen: dict[str, str] = {}


@app.callback()
def _paths() -> None:
    _chosen.update(resolve_defaults())  # data/ of the project, from any working directory


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
                        f"{share(result.facts, result.counted_facts, result.printed_cells)}, "
                        f"{result.findings} findings, {result.seconds:.2f}s"
                        + (f", supersedes {', '.join(result.superseded)}" if result.superseded else ""),
                        soft_wrap=True, highlight=False,
                    )
            if loaded and validate_after:
                con = connect(warehouse)
                try:
                    report = validate_documents(con, loaded)
                    print_trust(console, con, report.document_ids)
                    print_summary(console, report, " (details: yjs validate)")
                finally:
                    con.close()
    except WarehouseBusy as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(1) from error
    console.print(f"warehouse: {warehouse_path()}", highlight=False)
    if rejected:
        raise typer.Exit(2)


@app.command()
def validate(
    document: str = typer.Option(None, "--document", "-d", help="Validate one document id (default: all)."),
    show_info: bool = typer.Option(False, "--info", help="Also list differences within rounding (尾数误差)."),
    show_all: bool = typer.Option(False, "--all", help="Every finding of a check (default: the first 10 per check and document)."),
    full: bool = typer.Option(False, "--full", help="Wrap long lines instead of cutting them at the terminal's width."),
) -> None:
    """Run the expectation suites (identities 勾稽关系), record dq_results, list findings by document.

    The counts come first, then per document its findings by severity and check: the check's rule
    once, one line per finding (page p, line l, «row», expected/observed, what was found).
    Exit 0 when no error-severity finding exists, 1 when some document has errors (cells not read,
    a table or the document quarantined), 2 when --document matches no document (nothing is written).
    --document takes an id, its start or part of the file name, as `yjs show`.
    """
    con = _connect()
    try:
        report = validate_documents(con, [resolve_document(con, document)] if document else None)
    except UnknownDocument as error:  # nothing was written
        con.close()
        errors.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from error
    try:
        names = dict(con.execute("select document_id, file_name from dim_document").fetchall())
        findings = [FindingRow(*row) for row in con.execute(
            "select document_id, \"check\", severity, table_kind, source_page, source_line, row_label, expected, "
            "observed, detail from dq_results where document_id in (select unnest(?::varchar[])) "
            "and (? or severity <> 'info')", [report.document_ids, show_info]).fetchall()]
    finally:
        con.close()
    print_summary(console, report)
    if not show_info and report.counts.get("info"):
        console.print("[dim]info findings are not listed: yjs validate --info[/dim]", highlight=False)
    print_findings(console, findings, names, per_check=0 if show_all else 10, full=full)
    if report.errors or report.quarantined:
        raise typer.Exit(1)


@app.command()
def query(
    sql: str = typer.Argument(..., help="SQL to run, e.g. \"select * from v_facts limit 5\"."),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Run one read (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) on a read-only connection.

    Other statements (COPY … TO, ATTACH, INSERT …) are refused with exit 2; an SQL error exits 1.
    The table format switches to one block per record when the columns do not fit the terminal.
    """
    con = _read_only()
    try:
        cursor = con.execute(read_statement(con, sql))
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    except NotARead as error:
        errors.print(f"[red]refused:[/red] {error}", highlight=False)
        raise typer.Exit(2) from error
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
        print_rows(console, columns, rows)


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
    print_rows(console, ("unit 单位", "code", "region", "years", "documents", "facts"), rows)


@app.command()
def show(document: str = typer.Argument(..., help="A document id (or its start) or a file name (or part of it).")) -> None:
    """One document: what the report says about itself, the tables found, facts and findings."""
    con = _read_only()
    try:
        matches = con.execute(
            "select document_id, file_name, year, stage, status from dim_document "
            "where document_id like ? || '%' or file_name like '%' || ? || '%' order by file_name, document_id",
            [document, document]).fetchall()
        if len(matches) != 1:
            errors.print(f"[red]{len(matches)} documents match {document!r}; give more of the id or file name[/red]"
                         + "".join(f"\n  {doc_id}  {name}  {year or ''} {stage or ''}  {status}"
                                   for doc_id, name, year, stage, status in matches), highlight=False)
            raise typer.Exit(2)
        print_document(console, con, matches[0][0])
    finally:
        con.close()


@app.command()
def dashboard(
    port: int = typer.Option(8501, "--port", "-p", help="Port to listen on (another when 8501 is taken)."),
    address: str = typer.Option("127.0.0.1", help="Address to listen on."),
) -> None:
    """Open the comparison dashboard (Streamlit); it reads the warehouse read-only, even during an ingest.

    Stopping `yjs dashboard` (Ctrl-C, SIGTERM, SIGHUP) stops Streamlit too; a taken port is reported
    before anything starts (exit 2), e.g. yjs dashboard --port 8502.
    """
    from pipelines.serve.launch import PortInUse, launch

    try:
        code = launch(port=port, address=address)
    except PortInUse as error:
        errors.print(f"[red]{error.strerror}[/red]", highlight=False)
        raise typer.Exit(2) from error
    raise typer.Exit(code)


def _read_only():
    try:
        return connect(read_only=True)
    except FileNotFoundError as error:
        errors.print(f"[red]{error}[/red] ({warehouse_origin(chosen=_chosen)})", highlight=False)
        raise typer.Exit(2) from error


def _connect():
    """A writable connection (validate writes dq_results); a missing warehouse is an error, not a new file."""
    if not warehouse_path().exists():
        _read_only()  # prints the same message as the read commands and exits 2
    return connect()


if __name__ == "__main__":
    app()
