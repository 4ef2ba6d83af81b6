"""`yjs show DOCUMENT`: what a report says about itself, the tables found, coverage and findings."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipelines.serve.cli_output import FindingRow, print_findings, table_fits

LABELS = ("file", "unit", "unit code", "region", "year", "stage", "scope", "status", "reason", "pages", "facts",
          "superseded by")


def print_document(console: Console, con, document_id: str) -> None:
    """The document's metadata, its coverage, one row per table found, the cells not read (one
    line each, as `yjs validate` lists findings) and the count of findings per check."""
    meta = con.execute("select file_name, unit_name, unit_code, region, year, stage, scope, status, status_reason, "
                       "pages, facts_loaded, superseded_by from dim_document where document_id = ?", [document_id]).fetchone()
    tables = con.execute("select t.table_seq, t.table_kind, t.printed_number, t.layout, t.status, c.printed_cells, "
                         "t.facts, c.verified_facts, c.unverified_facts, t.title_line, "
                         "coalesce('QUARANTINED: ' || t.quarantine_reason, t.title) "
                         "from doc_table t join v_table_coverage c using (document_id, table_seq) "
                         "where t.document_id = ? order by t.table_seq", [document_id]).fetchall()
    coverage = con.execute("select facts, printed_cells, facts_pct, verified_facts, verified_pct "
                           "from v_document_coverage where document_id = ?", [document_id]).fetchone()
    unread = [FindingRow(*row) for row in con.execute(
        "select document_id, \"check\", severity, table_kind, source_page, source_line, row_label, expected, observed, "
        "detail from dq_results where document_id = ? and \"check\" like 'extract.%' and severity = 'error'",
        [document_id]).fetchall()]
    findings = con.execute("select severity, \"check\", count(*) from dq_results where document_id = ? "
                           "group by all order by 1, 2", [document_id]).fetchall()
    for label, value in zip(LABELS, meta):
        if value is not None:
            console.print(f"[bold]{label}:[/bold] {value}", highlight=False)
    if coverage and coverage[0] is not None:
        facts, printed, facts_pct, verified, verified_pct = coverage
        console.print(f"[bold]coverage:[/bold] {facts} facts" + (f" = {facts_pct} % of {printed} printed cells" if printed else "")
                      + (f", {verified} verified ({verified_pct} %)" if verified_pct is not None else ""), highlight=False)
    _print_tables(console, tables)
    if unread:
        console.print(f"[bold]cells not read ({len(unread)}): coverage gaps[/bold]", highlight=False)
        print_findings(console, unread, {document_id: meta[0]}, per_check=20)
    summary = Table("severity", "check", "count", title="findings (details: yjs validate -d)", title_justify="left")
    for row in findings:
        summary.add_row(*map(str, row))
    console.print(summary)


COLUMNS = ("#", "table_kind", "printed", "layout", "status", "cells", "facts", "verified", "broken", "line", "title")


def _print_tables(console: Console, tables: list[tuple]) -> None:
    """The tables found: a rich table when it fits the console, else one line per table."""
    caption = "tables found (cells: amounts printed; verified/broken: facts whose identities hold/fail)"
    if table_fits(console, COLUMNS, tables):
        table = Table(*COLUMNS, title=caption)
        for row in tables:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
        return
    console.print(f"[bold]{caption}[/bold]", highlight=False)
    for seq, kind, printed, layout, status, cells, facts, verified, broken, line, title in tables:
        text = Text.assemble(f"{seq:>3} ", (f"{kind}", "bold"), f" {printed or '-'} {layout} ",
                             (status, "green" if status == "loaded" else "yellow"),
                             f" {'?' if cells is None else cells} cells, {facts} facts, {verified} verified"
                             + (f", {broken} broken" if broken else "") + f" · line {line} ", (title or "", "dim"))
        console.print(text, no_wrap=True, overflow="ellipsis", highlight=False)
