"""Trust one fact and one table at a time (issue 15).

Every comparison names the facts whose amounts it read (comparisons.fact_seqs). A fact is
verified when every comparison it takes part in holds (within tolerance), unverified (false) when
one fails, and unknown (null) when none covers it; fact_amount.verified_by / broken_by name the rules.

A table is quarantined as a table when its own identities fail the way a reading error explains
(rules.yaml `table_quarantine`): its facts leave v_facts for v_facts_quarantined, with the reason
in doc_table.quarantine_reason, and the report's other tables stay visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines.reference import load_yaml
from pipelines.validate.engine.codes import misscaled_rows
from pipelines.validate.engine.context import Context


@dataclass(frozen=True)
class TableCriterion:
    reason: str
    families: tuple[str, ...]
    min_failed: int
    failed_share: float
    with_finding: str | None = None  # the criterion applies only to a table of a kind the reader reported this of


@lru_cache(maxsize=1)
def table_criteria() -> tuple[TableCriterion, ...]:
    return tuple(TableCriterion(c["reason"], tuple(c["families"]), int(c["min_failed"]), float(c["failed_share"]),
                                c.get("with_finding"))
                 for c in load_yaml("rules.yaml").get("table_quarantine", []))


@lru_cache(maxsize=1)
def document_quarantine_checks() -> frozenset[str]:
    """Error checks that put the document itself in doubt (rules.yaml); any other error is not one."""
    return frozenset(load_yaml("rules.yaml").get("document_quarantine_checks", []))


# a fact check: (document_id, fact_seq, family, held, comparison, rule_id) — a plain tuple (there are many)
Check = tuple


def fact_checks(comparisons: pd.DataFrame, failed: frozenset[int]) -> list[Check]:
    """One check per (comparison, fact it read): (document_id, fact_seq, family, held, comparison, rule_id)."""
    columns = (comparisons[c].tolist() for c in ("document_id", "rule_id", "family", "fact_seqs"))
    return [(document_id, seq, family, index not in failed, index, rule_id)
            for index, document_id, rule_id, family, seqs in zip(comparisons.index.tolist(), *columns)
            for seq in seqs]


def misread_tables(ctx: Context, checks: list[Check]) -> pd.DataFrame:
    """Tables of the batch whose identities fail the way a reading error explains:
    (document_id, table_seq, table_kind, reason, failed, compared)."""
    facts = {(f.document_id, f.fact_seq): f for f in ctx.facts}
    comparisons: dict[tuple, list] = {}  # (document, comparison, family) → [held, table_seqs, table_kinds]
    for document_id, fact_seq, family, held, comparison, _ in checks:
        fact = facts.get((document_id, fact_seq))
        if fact is None:
            continue
        entry = comparisons.setdefault((document_id, comparison, family), [True, set(), set()])
        entry[0] &= held
        if fact.table_seq is not None:
            entry[1].add(fact.table_seq)
        if fact.table_kind is not None:
            entry[2].add(fact.table_kind)
    by_table: dict[tuple, dict[str, list[int]]] = {}  # (document, table_seq, kind) → family → [failed, compared]
    for (document_id, _, family), (held, seqs, kinds) in comparisons.items():
        if len(seqs) != 1 or not kinds:  # comparisons whose facts all lie in one table
            continue
        counts = by_table.setdefault((document_id, next(iter(seqs)), min(kinds)), {}).setdefault(family, [0, 0])
        counts[0] += not held
        counts[1] += 1
    rows = []
    for (document_id, table_seq, table_kind), families in sorted(by_table.items()):
        for criterion in table_criteria():
            if criterion.with_finding and (document_id, table_kind, criterion.with_finding) not in ctx.extract_findings:
                continue
            mine = [families[f] for f in criterion.families if f in families]
            failed, compared = sum(f for f, _ in mine), sum(c for _, c in mine)
            if failed >= criterion.min_failed and failed > criterion.failed_share * compared:
                rows.append((document_id, table_seq, table_kind,
                             f"{criterion.reason}: {failed} of {compared} identities fail", failed, compared))
                break
    return pd.DataFrame(rows, columns=["document_id", "table_seq", "table_kind", "reason", "failed", "compared"])


def misscaled_tables(ctx: Context) -> pd.DataFrame:
    """Tables whose figures are 10,000× off the same 功能分类 totals in the report's other tables
    (engine/codes.py misscaled_rows: a 元/万元 unit misread or misprinted), in the shape of misread_tables."""
    return pd.DataFrame([(document_id, int(table_seq), table_kind,
                          f"its figures are {factor} the same 功能分类 totals in {tables} other tables (a 元/万元 "
                          f"unit misread or misprinted)", int(failed), int(compared))
                         for document_id, table_seq, table_kind, failed, compared, factor, tables in misscaled_rows(ctx)],
                        columns=["document_id", "table_seq", "table_kind", "reason", "failed", "compared"])


def schema_tables(facts: pd.DataFrame, broken: frozenset[int], expectations: tuple[str, ...]) -> pd.DataFrame:
    """Tables holding facts that break the schema suite (SC02: a code or a vocabulary word the contract
    does not know): quarantined as tables, in the shape of misread_tables."""
    rows = facts.loc[sorted(broken)]
    if rows.empty:
        return pd.DataFrame(columns=["document_id", "table_seq", "table_kind", "reason", "failed", "compared"])
    counts = rows.groupby(["document_id", "table_seq", "table_kind"]).size().reset_index(name="failed")
    named = ", ".join(expectations)
    return pd.DataFrame({
        "document_id": counts["document_id"], "table_seq": counts["table_seq"].astype(int),
        "table_kind": counts["table_kind"], "failed": counts["failed"], "compared": counts["failed"],
        "reason": [f"{n} facts break the schema suite ({named})" for n in counts["failed"]]})


def table_findings(misread: pd.DataFrame) -> list[dict]:
    """One TQ01 error per quarantined table (the document stays loaded)."""
    return [{"document_id": row.document_id, "check": "TQ01", "severity": "error", "passed": False,
             "expected": "identities hold, schema kept", "observed": f"{row.failed} of {row.compared} fail",
             "detail": f"table quarantined (its facts are in v_facts_quarantined): {row.reason}",
             "table_kind": row.table_kind, "source_page": None, "source_line": None, "row_label": None}
            for row in misread.itertuples()]


def fact_verdicts(ctx: Context, checks: list[Check]) -> dict[tuple[str, int], tuple]:
    """(document_id, fact_seq) → (verified, verified_by, broken_by) of every fact of the batch: verified when every
    comparison it takes part in holds, false when one fails, None when none covers it; the rule ids sorted and
    comma-separated, as fact_amount stores them (v_facts splits them into lists)."""
    held: dict[tuple[str, int], tuple[set, set]] = {}
    for document_id, fact_seq, _, ok, _, rule_id in checks:
        held.setdefault((document_id, fact_seq), (set(), set()))[0 if ok else 1].add(rule_id)
    unchecked = (None, None, None)
    verdicts = dict.fromkeys(((f.document_id, f.fact_seq) for f in ctx.facts), unchecked)
    for key, (good, bad) in held.items():
        if key in verdicts:
            verdicts[key] = (not bad, ",".join(sorted(good)) or None, ",".join(sorted(bad)) or None)
    return verdicts


def record_trust(con: duckdb.DuckDBPyConnection, ctx: Context, checks: list[Check], misread: pd.DataFrame) -> None:
    """Write each fact's verdict and each table's counts and quarantine for the batch (inside the caller's
    transaction). Only the facts whose stored verdict changes are written (DuckDB rewrites the list columns)."""
    verdicts = fact_verdicts(ctx, checks)
    changed = [(key, verdict) for key, verdict in verdicts.items() if verdict != ctx.stored_verdicts.get(key)]
    if changed:
        staged = pa.table({  # noqa: F841 (read by name below)
            "document_id": pa.array([k[0] for k, _ in changed], pa.string()),
            "fact_seq": pa.array([k[1] for k, _ in changed], pa.int32()),
            "verified": pa.array([v[0] for _, v in changed], pa.bool_()),
            "verified_by": pa.array([v[1] for _, v in changed], pa.string()),
            "broken_by": pa.array([v[2] for _, v in changed], pa.string())})
        con.execute("update fact_amount set verified = v.verified, verified_by = v.verified_by, broken_by = v.broken_by "
                    "from staged v where fact_amount.document_id = v.document_id and fact_amount.fact_seq = v.fact_seq")
    counts: dict[tuple[str, int], list[int]] = {}  # per table, the counts v_table_coverage shows
    for fact in ctx.facts:
        entry = counts.setdefault((fact.document_id, fact.table_seq), [0, 0])
        verified = verdicts[(fact.document_id, fact.fact_seq)][0]
        entry[0] += verified is True
        entry[1] += verified is False
    tables = pa.table({  # noqa: F841 (read by name below)
        "document_id": pa.array([k[0] for k in counts], pa.string()), "table_seq": pa.array([k[1] for k in counts], pa.int32()),
        "verified_facts": pa.array([c[0] for c in counts.values()], pa.int32()),
        "unverified_facts": pa.array([c[1] for c in counts.values()], pa.int32())})
    _misread = misread[["document_id", "table_seq", "reason"]]  # noqa: F841 (read by name below)
    if any(t.quarantine_reason is not None for t in ctx.tables):
        con.execute("update doc_table set quarantine_reason = null "
                    "where document_id in (select document_id from _scope) and quarantine_reason is not null")
    con.execute("update doc_table set verified_facts = c.verified_facts, unverified_facts = c.unverified_facts, "
                "quarantine_reason = m.reason from tables c left join _misread m "
                "on m.document_id = c.document_id and m.table_seq = c.table_seq "
                "where doc_table.document_id = c.document_id and doc_table.table_seq = c.table_seq")
