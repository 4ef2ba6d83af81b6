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


def stage_fact_checks(con: duckdb.DuckDBPyConnection, comparisons: pd.DataFrame, failed: frozenset[int]) -> None:
    """_fact_check: one row per (comparison, fact it read) with whether the comparison held."""
    documents, comparison, seqs, rules, families, held = [], [], [], [], [], []
    for index, row in zip(comparisons.index, comparisons[["document_id", "rule_id", "family", "fact_seqs"]].itertuples(index=False)):
        ok = index not in failed
        for seq in row.fact_seqs:
            documents.append(row.document_id)
            comparison.append(int(index))
            seqs.append(int(seq))
            rules.append(row.rule_id)
            families.append(row.family)
            held.append(ok)
    staged = pa.table({"document_id": pa.array(documents, pa.string()), "comparison": pa.array(comparison, pa.int64()),  # noqa: F841
                       "fact_seq": pa.array(seqs, pa.int32()), "rule_id": pa.array(rules, pa.string()),
                       "family": pa.array(families, pa.string()), "held": pa.array(held, pa.bool_())})
    con.execute("create or replace temp table _fact_check as select * from staged")


def misread_tables(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Tables of the batch whose identities fail the way a reading error explains:
    (document_id, table_seq, table_kind, reason, failed, compared)."""
    counts = con.execute("""
        with located as (
            select c.*, f.table_seq, f.table_kind from _fact_check c join _facts f using (document_id, fact_seq)
        ),
        per_comparison as (  -- comparisons whose facts all lie in one table
            select document_id, comparison, family, bool_and(held) as held,
                   min(table_seq) as table_seq, min(table_kind) as table_kind
            from located group by document_id, comparison, family
            having count(distinct table_seq) = 1 and min(table_seq) is not null
        )
        select document_id, table_seq, table_kind, family, count(*) as compared,
               count(*) filter (where not held) as failed
        from per_comparison where table_kind is not null group by all""").fetchall()
    reported = set(con.execute("select distinct document_id, table_kind, \"check\" from dq_results where "
                               "document_id in (select document_id from _scope) and \"check\" like 'extract.%'").fetchall())
    by_table: dict[tuple, dict[str, tuple[int, int]]] = {}  # (document, table_seq, kind) → family → (failed, compared)
    for document_id, table_seq, table_kind, family, compared, failed in counts:
        by_table.setdefault((document_id, int(table_seq), table_kind), {})[family] = (int(failed), int(compared))
    rows = []
    for (document_id, table_seq, table_kind), families in sorted(by_table.items()):
        for criterion in table_criteria():
            if criterion.with_finding and (document_id, table_kind, criterion.with_finding) not in reported:
                continue
            mine = [families[f] for f in criterion.families if f in families]
            failed, compared = sum(f for f, _ in mine), sum(c for _, c in mine)
            if failed >= criterion.min_failed and failed > criterion.failed_share * compared:
                rows.append((document_id, table_seq, table_kind,
                             f"{criterion.reason}: {failed} of {compared} identities fail", failed, compared))
                break
    return pd.DataFrame(rows, columns=["document_id", "table_seq", "table_kind", "reason", "failed", "compared"])


def misscaled_tables(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Tables whose figures are 10,000× off the same 功能分类 totals in the report's other tables
    (sql/rules/misscaled_tables.sql: a 元/万元 unit misread or misprinted), in the shape of misread_tables."""
    from pipelines.validate.rules import RULES_SQL

    rows = con.execute((RULES_SQL / "misscaled_tables.sql").read_text(encoding="utf-8")).fetchall()
    return pd.DataFrame([(document_id, int(table_seq), table_kind,
                          f"its figures are {factor} the same 功能分类 totals in {tables} other tables (a 元/万元 "
                          f"unit misread or misprinted)", int(failed), int(compared))
                         for document_id, table_seq, table_kind, failed, compared, factor, tables in rows],
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


def record_trust(con: duckdb.DuckDBPyConnection, misread: pd.DataFrame) -> None:
    """Write each fact's verdict and each table's quarantine for the batch (inside the caller's transaction)."""
    con.execute("""
        update fact_amount set verified = v.verified, verified_by = v.verified_by, broken_by = v.broken_by
        from (
            select f.document_id, f.fact_seq, bool_and(c.held) as verified,
                   list_sort(list(distinct c.rule_id) filter (where c.held)) as verified_by,
                   list_sort(list(distinct c.rule_id) filter (where not c.held)) as broken_by
            from _facts f left join _fact_check c using (document_id, fact_seq)
            group by f.document_id, f.fact_seq
        ) v
        where fact_amount.document_id = v.document_id and fact_amount.fact_seq = v.fact_seq""")
    # per table, the counts v_table_coverage shows (stored here so the view never groups every fact)
    con.execute("""
        update doc_table set verified_facts = c.verified_facts, unverified_facts = c.unverified_facts
        from (
            select document_id, table_seq, count(*) filter (where verified) as verified_facts,
                   count(*) filter (where not verified) as unverified_facts
            from fact_amount where document_id in (select document_id from _scope) group by all
        ) c
        where doc_table.document_id = c.document_id and doc_table.table_seq = c.table_seq""")
    _misread = misread[["document_id", "table_seq", "reason"]]  # noqa: F841 (read by name below)
    con.execute("update doc_table set quarantine_reason = null "
                "where document_id in (select document_id from _scope) and quarantine_reason is not null")
    con.execute("update doc_table set quarantine_reason = m.reason from _misread m "
                "where doc_table.document_id = m.document_id and doc_table.table_seq = m.table_seq")
