"""Validate documents in the warehouse and write the outcome: dq_results rows and document status.

Identity breaks are warnings: the facts stay, visible with verified = false, nothing is "fixed".
A table whose identities fail the way a reading error explains is quarantined as a table (TQ01,
pipelines/validate/trust.py); the document is quarantined only when it is itself in doubt (a schema
error, rules.yaml `document_quarantine_checks`). Cells the extraction could not place (extract.*
errors) and a missing core table (ST01) are coverage gaps: listed, hiding nothing.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import duckdb
import pandas as pd

from pipelines.validate.comparisons import comparisons_of, scope
from pipelines.validate.engine.codes import code_frame
from pipelines.validate.engine.context import Context
from pipelines.validate.report import (  # noqa: F401 (UnknownDocument, resolve_document: the CLI's, from here)
    UnknownDocument,
    ValidationReport,
    batches,
    documents_to_validate,
    merged,
    resolve_document,
)
from pipelines.validate.suites import missing_required_sql, suite_runner
from pipelines.validate.trust import (
    document_quarantine_checks,
    fact_checks,
    misread_tables,
    misscaled_tables,
    record_trust,
    schema_tables,
    table_findings,
)

CORE_TABLES = (("summary", "fiscal_summary"), ("expenditure", "gpb_expenditure", "gpb_basic_expenditure"))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _finding_rows(frame: pd.DataFrame, failed: frozenset[int]) -> list[dict]:
    """Findings of the comparison frame: rows that broke their suite (the rule's severity) and rows
    that hold only within tolerance (info). Rows that hold exactly, or with room to spare (a part well
    below its whole: part_le_whole), produce nothing."""
    broken = frame.index.isin(list(failed))
    within = (frame["difference"] != 0) & (frame["difference"].abs() <= frame["tolerance"])
    listed = frame[broken | within.to_numpy()]
    rows = []
    for index, row in zip(listed.index, listed.itertuples(index=False)):
        is_broken = index in failed
        rows.append({
            "document_id": row.document_id, "check": row.rule_id,
            "severity": row.severity if is_broken else "info", "passed": not is_broken,
            "expected": f"{row.expected:.2f}", "observed": f"{row.observed:.2f}",
            "detail": (f"{row.description} — {row.subject}: difference {row.difference:+.2f}, "
                       f"tolerance ±{row.tolerance:.2f}" + ("" if is_broken else " (within 尾数误差)")),
            "table_kind": row.table_kind, "source_page": _int(row.source_page),
            "source_line": _int(row.source_line), "row_label": row.row_label,
        })
    return rows


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _structural(ctx: Context, ids: list[str]) -> list[dict]:
    found: dict[str, set[str]] = {}
    for table in ctx.tables:
        if table.status != "not_extracted" and table.table_kind is not None:
            found.setdefault(table.document_id, set()).add(table.table_kind)
    rows = []
    for document_id in ids:
        kinds = found.get(document_id, set())
        for group in CORE_TABLES:
            if not kinds & set(group):
                rows.append({"document_id": document_id, "check": "ST01", "severity": "warning", "passed": False,
                             "expected": " or ".join(group), "observed": ", ".join(sorted(kinds)) or "none",
                             "detail": f"core table missing (a coverage gap): none of {', '.join(group)} was found",
                             "table_kind": None, "source_page": None, "source_line": None, "row_label": None})
    return rows


def _frame_findings(frame: pd.DataFrame, failed: frozenset[int], check: str, severity: str, detail) -> list[dict]:
    return [{
        "document_id": row["document_id"], "check": check, "severity": severity, "passed": False,
        "expected": None, "observed": None, "detail": detail(row), "table_kind": row["table_kind"],
        "source_page": _int(row["source_page"]), "source_line": _int(row["source_line"]), "row_label": row["row_label"],
    } for row in frame.loc[sorted(failed)].to_dict("records")]


# the fact columns the schema suite checks, plus where a finding points
SCHEMA_COLUMNS = ("document_id", "unit_id", "scope", "table_kind", "func_code", "econ_code", "gov_econ_code", "item",
                  "measure", "cast(amount as double) as amount", "unit_of_measure", "source_page", "source_line", "source_text",
                  "row_label", "table_seq")  # amount: the suite checks it is present; a number, not a Decimal object
# a fact lacking one of these puts its document in doubt (SC01); any other schema break (a code or
# vocabulary the contract does not know) is its table's (SC02: the table is quarantined, not the document)
DOCUMENT_COLUMNS = ("document_id", "unit_id", "scope")


def schema_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The facts of the documents in _scope as the schema suite checks them (with missing_required)."""
    return con.execute(f"select {', '.join(SCHEMA_COLUMNS)}, {missing_required_sql()} from fact_amount "
                       "where document_id in (select document_id from _scope)").df()


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a validation allocates its many small objects (rows, checks,
    GX's metric graphs): each of its full passes walks every long-lived object of the process (GX's context, the
    reference data), and a batch of 40 reports triggered enough of them to cost a third of its validation
    (bench/RESULTS.md). Reference counting still frees everything at once; cycles wait until after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate_documents(con: duckdb.DuckDBPyConnection, document_ids: list[str] | None = None) -> ValidationReport:
    """Run every suite on these documents (default: all not superseded) and record the outcome.

    `yjs ingest` passes the documents it just loaded: every query reads only their facts (_scope).
    The documents whose cross-document checks read them (`dependents`) are validated with them.
    A validation of many documents runs in batches (report.py BATCH_DOCUMENTS), each recorded on its own."""
    reports = []
    for batch in batches(documents_to_validate(con, document_ids)):
        with _cyclic_gc_paused():
            reports.append(_validate(con, batch))
    return merged(reports)


def _validate(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> ValidationReport:
    runner = suite_runner()
    scope(con, document_ids)  # _scope
    ctx = Context.load(con)
    comparisons = comparisons_of(ctx)
    rows: list[dict] = []
    suites: dict[str, dict] = {}
    failed: set[int] = set()
    facts = schema_frame(con)
    outcomes = runner.run_families(comparisons, {"schema": (facts, None)})  # one GX call for both
    outcome = outcomes.pop("schema")
    for family, family_outcome in outcomes.items():
        suites[family] = {"success": family_outcome.success,
                          "comparisons": int((comparisons["family"] == family).sum()), **family_outcome.statistics}
        failed |= family_outcome.failed_rows
    rows += _finding_rows(comparisons, frozenset(failed))
    checks = fact_checks(comparisons, frozenset(failed))
    misread = misread_tables(ctx, checks)
    suites["schema"] = {"success": outcome.success, "rows": len(facts), "failed": list(outcome.failed_expectations),
                        **outcome.statistics}
    document_level = frozenset(i for i in outcome.failed_rows if pd.isna(facts.at[i, "table_seq"]) or any(
        c in str(facts.at[i, "missing_required"] or "").split(",") for c in DOCUMENT_COLUMNS))
    for check, broken in (("SC01", document_level), ("SC02", outcome.failed_rows - document_level)):
        rows += _frame_findings(facts, broken, check, "error",
                                lambda r: f"fact breaks the schema suite ({', '.join(outcome.failed_expectations)})"
                                + (f"; missing {r['missing_required']}" if isinstance(r["missing_required"], str) else ""))
    codes = code_frame(ctx, checks)
    codes_outcome = runner.run("codes", codes)
    suites["codes"] = {"success": codes_outcome.success, "codes": len(codes), **codes_outcome.statistics}
    rows += _frame_findings(codes, codes_outcome.failed_rows, "CD01", "warning", lambda r: (
        f"{r['system']} code {r['code']}: " + ("not in the national list" if not r["known"] else "")
        + ("" if r["parent_printed"] else " parent code not printed in the table")).strip())
    trusted = frozenset(i for i in codes.index[~codes["in_dictionary"].astype(bool) & codes["known"].astype(bool)]
                        if i not in codes_outcome.failed_rows)
    rows += [{**row, "passed": True} for row in _frame_findings(codes, trusted, "CD01", "info", lambda r: (
        f"{r['system']} code {r['code']} ({r['row_label']}): not in the national list, loaded as printed and trusted: "
        + ("the hierarchy sums around it hold here" if r["verified_here"]
           else "a verified table of another report of the same year prints it")))]
    rows += _structural(ctx, document_ids)
    misread = pd.concat([misread, misscaled_tables(ctx),
                         schema_tables(facts, outcome.failed_rows - document_level, outcome.failed_expectations)])
    misread = misread.drop_duplicates(["document_id", "table_seq"]).reset_index(drop=True)
    rows += table_findings(misread)
    findings = pd.DataFrame(rows, columns=["document_id", "check", "severity", "passed", "expected", "observed",
                                           "detail", "table_kind", "source_page", "source_line", "row_label"])
    quarantined = _record(con, ctx, checks, document_ids, findings, misread)
    # what dq_results now holds for these documents: the reader's extract.* findings and those just written
    counts = dict(Counter([*ctx.extract_severities, *findings["severity"]]))
    return ValidationReport(document_ids, findings, suites, quarantined, misread, counts)


def _record(con: duckdb.DuckDBPyConnection, ctx: Context, checks: list, ids: list[str], findings: pd.DataFrame,
            misread: pd.DataFrame) -> list[str]:
    doubt = findings[(findings["severity"] == "error") & findings["check"].isin(document_quarantine_checks())]
    errors_by_document = doubt.groupby("document_id")["check"].agg(lambda c: sorted(set(c)))
    errors = set(errors_by_document.index)
    statuses = []
    for document_id in ids:
        reasons = list(errors_by_document.get(document_id, []))
        statuses.append((document_id, "quarantined", "errors: " + ", ".join(reasons)) if document_id in errors
                        else (document_id, "loaded", None))
    staged = findings.assign(recorded_at=_now())  # noqa: F841 (read by name below)
    stored = {d.document_id: (d.status, d.status_reason) for d in ctx.documents.values()}
    statuses = [s for s in statuses if stored.get(s[0]) != (s[1], s[2])]  # only what changes is written
    _status_rows = pd.DataFrame(statuses, columns=["document_id", "status", "reason"])  # read by name below
    con.execute("begin transaction")
    try:
        con.execute("delete from dq_results where document_id in (select document_id from _scope) "
                    "and \"check\" not like 'extract.%'")
        con.execute("insert into dq_results select document_id, \"check\", severity, passed, expected, observed, detail, "
                    "table_kind, source_page, source_line, row_label, recorded_at from staged")
        if statuses:
            con.execute("update dim_document set status = s.status, status_reason = s.reason from _status_rows s "
                        "where dim_document.document_id = s.document_id "
                        "and dim_document.status in ('loaded', 'quarantined') and dim_document.year is not null")
        record_trust(con, ctx, checks, misread)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return sorted(errors)
