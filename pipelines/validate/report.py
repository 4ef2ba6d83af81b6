"""What a validation reports, which documents it validates, and how a large validation is split.

The rule engine holds a run's facts as Python rows (≈ 1.5 KB a fact), so a validation of many documents (every
current document of a national warehouse: `yjs validate`, Dagster's validated_facts) runs in batches of
BATCH_DOCUMENTS documents, each a whole validation of its own (rules, suites, findings and verdicts written),
and their reports are merged: memory follows the batch, not the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

BATCH_DOCUMENTS = 500  # ≈ 150,000 facts, ≈ 0.25 GB of rows at a time


@dataclass
class ValidationReport:
    document_ids: list[str]
    findings: pd.DataFrame
    suites: dict[str, dict] = field(default_factory=dict)  # suite → GX statistics and failures
    quarantined: list[str] = field(default_factory=list)
    quarantined_tables: pd.DataFrame = field(default_factory=pd.DataFrame)  # document_id, table_seq, table_kind, reason
    counts: dict[str, int] = field(default_factory=dict)  # severity → findings recorded for these documents (extract.* too)

    @property
    def errors(self) -> int:
        return int(self.counts.get("error", 0))


class UnknownDocument(ValueError):
    """A document id (or prefix) that matches no document of the warehouse, or several."""


def resolve_document(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """The one document whose id starts with `text` or whose file name contains it (as `yjs show`)."""
    matches = [d for (d,) in con.execute(
        "select document_id from dim_document where document_id like ? || '%' or file_name like '%' || ? || '%'",
        [text, text]).fetchall()]
    if len(matches) != 1:
        raise UnknownDocument(f"{len(matches)} documents match {text!r}; give more of the id or file name")
    return matches[0]


def documents_to_validate(con: duckdb.DuckDBPyConnection, document_ids: list[str] | None) -> list[str]:
    """Every current document (None), or these — each must be a loaded document — and the documents whose
    cross-document checks read them (`dependents`)."""
    if document_ids is None:
        return [d for (d,) in con.execute(
            "select document_id from dim_document where status in ('loaded', 'quarantined') and year is not null").fetchall()]
    known = dict(con.execute("select document_id, stage from dim_document where document_id in "
                             "(select unnest(?::varchar[])) and year is not null", [list(document_ids)]).fetchall())
    if set(document_ids) - set(known):
        raise UnknownDocument(f"no loaded document {', '.join(sorted(set(document_ids) - set(known)))}")
    # only a final account is read by other documents' checks (XD01)
    return list(document_ids) + (dependents(con, document_ids) if "final" in known.values() else [])


def dependents(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[str]:
    """Documents outside `document_ids` whose cross-document checks read one of them: the budgets of
    the year after a final in the batch, for a unit that final has facts for (XD01 compares a
    budget's 上年执行数 with the unit's final; a final loaded after its budget re-checks the budget)."""
    return [d for (d,) in con.execute(
        "select distinct b.document_id from dim_document f "
        "join doc_fact_unit fu on fu.document_id = f.document_id "
        "join doc_fact_unit bu on bu.unit_id = fu.unit_id "
        "join dim_document b on b.document_id = bu.document_id "
        "where f.document_id in (select unnest($ids)) and f.stage = 'final' "
        "and b.stage = 'budget' and b.year = f.year + 1 and b.status in ('loaded', 'quarantined') "
        "and b.document_id not in (select unnest($ids)) order by 1", {"ids": list(document_ids)}).fetchall()]


def batches(document_ids: list[str]) -> list[list[str]]:
    """The documents in batches of BATCH_DOCUMENTS (one empty batch when there are none: the suites still run)."""
    return [document_ids[i:i + BATCH_DOCUMENTS] for i in range(0, len(document_ids), BATCH_DOCUMENTS)] or [[]]


def merged(reports: list[ValidationReport]) -> ValidationReport:
    """One report of several batches: documents, findings, quarantines and counts together; each suite
    successful when it was in every batch, its row counts summed, its expectation statistics those of the
    batch where it failed most (the failures named in any batch)."""
    if len(reports) == 1:
        return reports[0]
    suites: dict[str, dict] = {}
    for report in reports:
        for name, stats in report.suites.items():
            held = suites.get(name)
            if held is None:
                suites[name] = dict(stats)
                continue
            worse = (stats.get("unsuccessful_expectations") or 0) > (held.get("unsuccessful_expectations") or 0)
            combined = {**held, **(stats if worse else {})}
            for key in ("comparisons", "rows", "codes"):
                if key in stats:
                    combined[key] = held.get(key, 0) + stats[key]
            combined["success"] = bool(held.get("success")) and bool(stats.get("success"))
            if "failed" in stats:
                combined["failed"] = sorted(set(held.get("failed", [])) | set(stats["failed"]))
            suites[name] = combined
    counts: dict[str, int] = {}
    for report in reports:
        for severity, n in report.counts.items():
            counts[severity] = counts.get(severity, 0) + n
    return ValidationReport(
        [d for r in reports for d in r.document_ids],
        pd.concat([r.findings for r in reports], ignore_index=True),
        suites, sorted({d for r in reports for d in r.quarantined}),
        pd.concat([r.quarantined_tables for r in reports], ignore_index=True), counts)
