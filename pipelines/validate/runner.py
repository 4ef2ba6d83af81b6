"""Validate documents in the warehouse and write the outcome: dq_results rows and document status.

Identity breaks are warnings: the facts stay, the finding is listed, nothing is "fixed".
Structural problems (a core table missing, extraction errors, schema violations) are errors:
the document is quarantined — its facts leave v_facts for v_facts_quarantined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import duckdb
import pandas as pd

from pipelines.validate.comparisons import compute_comparisons
from pipelines.validate.rules import RULES_SQL
from pipelines.validate.suites import SuiteRunner

CORE_TABLES = (("summary", "fiscal_summary"), ("expenditure", "gpb_expenditure", "gpb_basic_expenditure"))


@dataclass
class ValidationReport:
    document_ids: list[str]
    findings: pd.DataFrame
    suites: dict[str, dict] = field(default_factory=dict)  # suite → GX statistics and failures
    quarantined: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return int((self.findings["severity"] == "error").sum()) if not self.findings.empty else 0


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _finding_rows(frame: pd.DataFrame, failed: frozenset[int]) -> list[dict]:
    rows = []
    for index, row in frame.iterrows():
        broken = index in failed
        rounding = not broken and row["difference"] != 0
        if not (broken or rounding):
            continue
        rows.append({
            "document_id": row["document_id"], "check": row["rule_id"],
            "severity": row["severity"] if broken else "info", "passed": not broken,
            "expected": f"{row['expected']:.2f}", "observed": f"{row['observed']:.2f}",
            "detail": (f"{row['description']} — {row['subject']}: difference {row['difference']:+.2f}, "
                       f"tolerance ±{row['tolerance']:.2f}" + ("" if broken else " (within 尾数误差)")),
            "table_kind": row["table_kind"], "source_page": _int(row["source_page"]),
            "source_line": _int(row["source_line"]), "row_label": row["row_label"],
        })
    return rows


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _structural(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict]:
    rows = []
    for document_id in ids:
        kinds = {k for (k,) in con.execute(
            "select table_kind from doc_table where document_id = ? and status <> 'not_extracted'", [document_id]).fetchall()}
        for group in CORE_TABLES:
            if not kinds & set(group):
                rows.append({"document_id": document_id, "check": "ST01", "severity": "error", "passed": False,
                             "expected": " or ".join(group), "observed": ", ".join(sorted(kinds)) or "none",
                             "detail": f"core table missing: none of {', '.join(group)} was found",
                             "table_kind": None, "source_page": None, "source_line": None, "row_label": None})
    return rows


def _frame_findings(frame: pd.DataFrame, failed: frozenset[int], check: str, severity: str, detail) -> list[dict]:
    return [{
        "document_id": row["document_id"], "check": check, "severity": severity, "passed": False,
        "expected": None, "observed": None, "detail": detail(row), "table_kind": row["table_kind"],
        "source_page": _int(row["source_page"]), "source_line": _int(row["source_line"]), "row_label": row["row_label"],
    } for index, row in frame.iterrows() if index in failed]


def validate_documents(con: duckdb.DuckDBPyConnection, document_ids: list[str] | None = None) -> ValidationReport:
    """Run every suite on these documents (default: all not superseded) and record the outcome."""
    if document_ids is None:
        document_ids = [d for (d,) in con.execute(
            "select document_id from dim_document where status in ('loaded', 'quarantined') and year is not null").fetchall()]
    runner = SuiteRunner()
    comparisons = compute_comparisons(con, document_ids)
    rows: list[dict] = []
    suites: dict[str, dict] = {}
    for family, frame in comparisons.groupby("family", sort=False):
        frame = frame.reset_index(drop=True)
        outcome = runner.run(family, frame)
        suites[family] = {"success": outcome.success, "comparisons": len(frame), **outcome.statistics}
        rows += _finding_rows(frame, outcome.failed_rows)
    facts = con.execute(
        "select * from fact_amount where document_id in (select document_id from _scope)").df()
    outcome = runner.run("schema", facts)
    suites["schema"] = {"success": outcome.success, "rows": len(facts), "failed": list(outcome.failed_expectations),
                        **outcome.statistics}
    rows += _frame_findings(facts, outcome.failed_rows, "SC01", "error",
                            lambda r: f"fact breaks the schema suite ({', '.join(outcome.failed_expectations)})")
    codes = con.execute((RULES_SQL / "codes.sql").read_text(encoding="utf-8")).df()
    outcome = runner.run("codes", codes)
    suites["codes"] = {"success": outcome.success, "codes": len(codes), **outcome.statistics}
    rows += _frame_findings(codes, outcome.failed_rows, "CD01", "warning", lambda r: (
        f"{r['system']} code {r['code']}: " + ("not in the national list" if not r["in_dictionary"] else "")
        + ("" if r["parent_printed"] else " parent code not printed in the table")).strip())
    rows += _structural(con, document_ids)
    findings = pd.DataFrame(rows, columns=["document_id", "check", "severity", "passed", "expected", "observed",
                                           "detail", "table_kind", "source_page", "source_line", "row_label"])
    quarantined = _record(con, document_ids, findings)
    return ValidationReport(document_ids, findings, suites, quarantined)


def _record(con: duckdb.DuckDBPyConnection, ids: list[str], findings: pd.DataFrame) -> list[str]:
    extraction_errors = {d for (d,) in con.execute(
        "select distinct document_id from dq_results where severity = 'error' and \"check\" like 'extract.%' "
        "and document_id in (select document_id from _scope)").fetchall()}
    errors = set(findings.loc[findings["severity"] == "error", "document_id"]) | extraction_errors
    staged = findings.assign(recorded_at=_now())  # noqa: F841 (read by name below)
    con.execute("begin transaction")
    try:
        con.execute("delete from dq_results where document_id in (select document_id from _scope) "
                    "and \"check\" not like 'extract.%'")
        con.execute("insert into dq_results select document_id, \"check\", severity, passed, expected, observed, detail, "
                    "table_kind, source_page, source_line, row_label, recorded_at from staged")
        for document_id in ids:
            reasons = sorted(set(findings.loc[(findings["document_id"] == document_id) & (findings["severity"] == "error"), "check"]))
            if document_id in extraction_errors:
                reasons.append("extraction errors")
            status, reason = ("quarantined", "errors: " + ", ".join(reasons)) if document_id in errors else ("loaded", None)
            con.execute("update dim_document set status = ?, status_reason = ? where document_id = ? "
                        "and status in ('loaded', 'quarantined') and year is not null", [status, reason, document_id])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return sorted(errors)
