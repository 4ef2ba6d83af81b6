"""What `yjs` prints: findings grouped to fit a terminal, query results that stay readable.

A terminal is narrow (100 columns is common) and findings are many: a rich table with eight
columns wraps a rule's sentence into 30 lines of 12 characters. So findings are one line each
(a second, indented line when the finding's own detail does not fit beside it), grouped by
document, severity and check, the check's rule stated once per group. Query results are a
table when every column fits at its natural width, else one record per block (``column │ value``,
as psql's expanded display), which any width can show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "dim"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class FindingRow:
    """One dq_results row as `yjs validate` lists it."""

    document_id: str
    check: str
    severity: str
    table_kind: str | None
    source_page: int | None
    source_line: int | None
    row_label: str | None
    expected: str | None
    observed: str | None
    detail: str | None

    def rule_and_specific(self) -> tuple[str, str]:
        """The rule's sentence (shared by every finding of the check) and this finding's own part:
        details are written "<rule> — <what was found here>"."""
        rule, dash, specific = (self.detail or "").partition(" — ")
        return (rule, specific) if dash else (rule, "")

    def place(self) -> str:
        """"three_public p23 l757 «row»": where the finding is, as far as it is known."""
        parts = [self.table_kind or ""]
        if self.source_page is not None:
            parts.append(f"p{self.source_page}")
        if self.source_line is not None:
            parts.append(f"l{self.source_line}")
        text = " ".join(p for p in parts if p)
        if self.row_label:
            text += f" «{self.row_label}»"
        if self.expected is not None or self.observed is not None:
            text += f" expected {self.expected if self.expected is not None else '—'}, " \
                    f"observed {self.observed if self.observed is not None else '—'}"
        return text


def _line(console: Console, text: Text | str, full: bool, max_lines: int = 1) -> None:
    """Print ``text`` on at most ``max_lines`` lines of the console (cut with an ellipsis), or whole."""
    text = Text(text) if isinstance(text, str) else text
    if full:
        console.print(text, soft_wrap=True, highlight=False)
    elif max_lines == 1:
        console.print(text, no_wrap=True, overflow="ellipsis", highlight=False)
    else:
        lines = text.wrap(console, console.width - 4)  # continuation lines indented by 4
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1].truncate(console.width - 5)
            lines[-1].append("…")
        for index, line in enumerate(lines):
            console.print(Text("    ") + line if index else line, no_wrap=True, overflow="ellipsis", highlight=False)


def print_findings(console: Console, findings: Iterable[FindingRow], names: dict[str, str],
                   per_check: int = 10, full: bool = False) -> None:
    """Findings by document → severity → check: a heading per document with its counts, the
    check's rule once, then one line per finding (at most ``per_check`` per check, 0 = all).
    Lines are cut at the console's width with an ellipsis unless ``full``."""
    ordered = sorted(findings, key=lambda f: (names.get(f.document_id, ""), f.document_id,
                                              SEVERITY_ORDER.get(f.severity, 9), f.check,
                                              f.source_line if f.source_line is not None else -1))
    for document_id, rows in groupby(ordered, key=lambda f: f.document_id):
        rows = list(rows)
        counts = {s: sum(1 for f in rows if f.severity == s) for s in SEVERITY_ORDER}
        summary = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n)
        console.print()
        _line(console, Text.assemble((names.get(document_id, "?"), "bold"), f" ({document_id}): {summary}"), full)
        for (severity, check), group in groupby(rows, key=lambda f: (f.severity, f.check)):
            group = list(group)
            colour = SEVERITY_COLOURS.get(severity, "")
            rule = group[0].rule_and_specific()[0]
            same_rule = all(f.rule_and_specific()[0] == rule for f in group)
            heading = Text.assemble("  ", (f"{severity} {check}", colour), f" ×{len(group)}")
            if same_rule and rule:
                heading.append(f": {rule}", "dim")
            _line(console, heading, full, max_lines=2)
            shown = group if per_check <= 0 else group[:per_check]
            for finding in shown:
                _print_finding(console, finding, "" if same_rule else finding.rule_and_specific()[0], full)
            if len(shown) < len(group):
                _line(console, f"    … {len(group) - len(shown)} more (yjs validate --all)", full)


def _print_finding(console: Console, finding: FindingRow, rule: str, full: bool) -> None:
    specific = finding.rule_and_specific()[1] or rule
    place = "    " + finding.place()
    if not specific:
        _line(console, place, full)
    elif full or Text(place + " — " + specific).cell_len <= console.width:
        _line(console, Text.assemble(place, (" — " + specific, "dim")), full)
    else:  # the compact two-line form: where, then what
        _line(console, place, full)
        _line(console, Text("      " + specific, "dim"), full)


# --- query results --------------------------------------------------------------------------

def _cell(value) -> str:
    return "" if value is None else str(value)


def table_fits(console: Console, columns: Sequence[str], rows: Sequence[Sequence], squeeze: int = 12) -> bool:
    """Whether a rich table of these rows fits the console with every column at least as wide as its
    header and min(its widest value, ``squeeze``) cells: wider values then wrap inside their column
    (a few long names), rather than every column shrinking to "d…" (many columns)."""
    headers = [Text(c).cell_len for c in columns]
    widths = list(headers)
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], max((Text(part).cell_len for part in _cell(value).split("\n")), default=0))
    floors = [min(width, max(header, squeeze)) for width, header in zip(widths, headers)]
    return sum(floors) + 3 * len(floors) + 1 <= console.width


def print_rows(console: Console, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Query rows as a table when it fits, else one block per record (column │ value), values wrapped."""
    if table_fits(console, columns, rows):
        table = Table()
        for index, column in enumerate(columns):
            numbers = [row[index] for row in rows if row[index] is not None]
            numeric = bool(numbers) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in numbers)
            table.add_column(column, justify="right" if numeric else "left", overflow="fold")  # wrap, never cut
        for row in rows:
            table.add_row(*(_cell(v) for v in row))
        console.print(table, highlight=False)
    else:
        label_width = max((Text(c).cell_len for c in columns), default=0)
        for number, row in enumerate(rows, 1):
            console.print(Text(f"─[ record {number} ]" + "─" * max(0, min(console.width, 60) - 14 - len(str(number))),
                               "dim"), highlight=False)
            for column, value in zip(columns, row):
                label = column + " " * (label_width - Text(column).cell_len)
                console.print(Text.assemble((label, "bold"), " │ ", _cell(value)), highlight=False)
    console.print(Text(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", "dim"), highlight=False)


# --- ingest and validate summaries ---------------------------------------------------------

def share(facts: int, counted: int, printed: int | None) -> str:
    """"205 facts = 98.6 % of printed cells" (the share over the tables whose printed cells are known)."""
    if not printed:
        return f"{facts} facts"
    return f"{facts} facts = {100 * counted / printed:.1f} % of printed cells"


def print_trust(console: Console, con, document_ids: list[str]) -> None:
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


def print_summary(console: Console, report, hint: str = "") -> None:
    """"validated 4 documents: 0 errors, 14 warnings, 91 info …; quarantined: none"."""
    counts = report.counts  # every finding recorded for these documents, as `yjs validate` lists them
    tables = report.quarantined_tables
    console.print(
        f"validated {len(report.document_ids)} documents: {counts.get('error', 0)} errors, "
        f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} info (rounding, repairs); "
        f"quarantined: {', '.join(report.quarantined) or 'none'}"
        + (f"; tables quarantined: {len(tables)}" if len(tables) else "") + hint,
        highlight=False,
    )
