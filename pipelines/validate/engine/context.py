"""What the rule templates read, loaded once per validation run: the facts of the documents being
validated (with their document's unit, scope and stage), their narrative claims, located tables, the
lines the reader left unloaded, and their documents. Rules are evaluated in Python over these rows
(the templates of pipelines/validate/engine/*.py): DuckDB planned the SQL templates they replace afresh on every
run, which cost more than all the rest of one report's validation (bench/RESULTS.md, issue 15 part 4).

A Context can be made from rows alone (`Context(facts)`: hand-placed tests, no warehouse); `Context.load`
reads them from the warehouse. Amounts are Decimal, exactly as stored (DECIMAL(20,6)); SQL NULL is None.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from decimal import Decimal
from functools import cached_property

import duckdb

FACT_COLUMNS = ("document_id", "fact_seq", "unit_id", "scope", "table_kind", "table_seq", "func_code", "econ_code",
                "gov_econ_code", "item", "measure", "amount", "amount_exact", "unit_of_measure", "original_unit",
                "source_page", "source_line", "source_text", "row_label", "line_label",
                "doc_unit_id", "doc_scope", "doc_stage", "verified", "verified_by", "broken_by")
Fact = namedtuple("Fact", FACT_COLUMNS, defaults=(None,) * len(FACT_COLUMNS))
Claim = namedtuple("Claim", ("document_id", "claim_seq", "claim_id", "target_rank", "table_kind", "item", "measure",
                             "amount", "source_line", "source_page", "claim_text"))
Table = namedtuple("Table", ("document_id", "table_seq", "table_kind", "title_line", "amount_cells", "status",
                             "quarantine_reason"), defaults=(None,))
Document = namedtuple("Document", ("document_id", "year", "stage", "scope", "status", "unit_id", "unit_name",
                                   "status_reason"), defaults=(None,))

# what a comparison row holds
ROW_COLUMNS = ("rule_id", "document_id", "table_kind", "subject", "expected", "observed", "n_terms", "source_line",
               "source_page", "row_label", "fact_seqs")
Row = namedtuple("Row", ROW_COLUMNS)

# the reader's findings that mark a row of a table it left unloaded (a coverage gap): a sum spanning one is incomplete
UNLOADED_CHECKS = ("extract.row_unmapped", "extract.code_unrepairable", "extract.code_repeated")


class Context:
    def __init__(self, facts=(), claims=(), tables=(), documents=(), unloaded=(), con: duckdb.DuckDBPyConnection | None = None,
                 extract_findings=()):
        self.facts: list[Fact] = list(facts)
        self.claims: list[Claim] = list(claims)
        self.tables: list[Table] = list(tables)
        self.documents: dict[str, Document] = {d.document_id: d for d in documents}
        self.unloaded: list[tuple[str, str, int]] = list(unloaded)  # (document_id, table_kind, source_line)
        self.extract_findings: set[tuple[str, str, str]] = set(extract_findings)  # (document_id, table_kind, check)
        self.con = con
        self.extract_severities: list[str] = []  # the severity of each extract.* finding of the batch
        self._memo: dict = {}

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "Context":
        """The rows of the documents in _scope (filled by comparisons.scope)."""
        columns = ", ".join(f"d.{c[4:]} as {c}" if c.startswith("doc_") else f"f.{c}" for c in FACT_COLUMNS)
        facts = con.execute(f"select {columns} from fact_amount f join dim_document d using (document_id) "
                            "where f.document_id in (select document_id from _scope)").fetchall()
        claims = con.execute(f"select {', '.join(Claim._fields)} from doc_claim "
                             "where document_id in (select document_id from _scope)").fetchall()
        tables = con.execute(f"select {', '.join(Table._fields)} from doc_table "
                             "where document_id in (select document_id from _scope)").fetchall()
        documents = con.execute("select d.document_id, d.year, d.stage, d.scope, d.status, d.unit_id, u.unit_name, "
                                "d.status_reason "
                                "from dim_document d left join dim_unit u using (unit_id) "
                                "where d.document_id in (select document_id from _scope)").fetchall()
        found = con.execute("select document_id, table_kind, \"check\", source_line, severity from dq_results "
                            "where document_id in (select document_id from _scope) and \"check\" like 'extract.%'").fetchall()
        unloaded = [(d, k, line) for d, k, check, line, _ in found if line is not None and check in UNLOADED_CHECKS]
        ctx = cls(map(Fact._make, facts), map(Claim._make, claims), map(Table._make, tables),
                  map(Document._make, documents), unloaded, con, {(d, k, check) for d, k, check, _, _ in found})
        ctx.extract_severities = [severity for *_, severity in found]
        return ctx

    @cached_property
    def by_kind(self) -> dict[str, list[Fact]]:
        kinds: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            kinds[fact.table_kind].append(fact)
        return kinds

    def of_kinds(self, kinds) -> list[Fact]:
        """The facts of these table kinds, in load order."""
        if isinstance(kinds, str):
            return list(self.by_kind.get(kinds, ()))
        return [f for kind in kinds for f in self.by_kind.get(kind, ())] if len(kinds) > 1 else \
            list(self.by_kind.get(next(iter(kinds), None), ()))

    @cached_property
    def unloaded_lines(self) -> dict[tuple[str, str], list[int]]:
        """(document_id, table_kind) → the lines the reader left unloaded there, sorted (a table kind with an
        unloaded row of no known line is a key too, with no line)."""
        lines: dict[tuple[str, str], list[int]] = {}
        for document_id, table_kind, line in self.unloaded:
            found = lines.setdefault((document_id, table_kind), [])
            if line is not None:
                found.append(line)
        return {key: sorted(found) for key, found in lines.items()}

    def memo(self, key, build):
        """`build()`, computed once per run under `key`: the indexes several templates or rules share."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    @cached_property
    def stored_verdicts(self) -> dict[tuple[str, int], tuple]:
        """(document_id, fact_seq) → (verified, verified_by, broken_by) as the warehouse holds them now."""
        return {(f.document_id, f.fact_seq): (f.verified, f.verified_by, f.broken_by) for f in self.facts}

    def present(self) -> frozenset[str]:
        """The inputs rules read that these documents hold (rules.py `Rule.inputs`)."""
        names = {f"kind:{k}" for k in self.by_kind if k is not None}
        names |= {f"claim:{c.claim_id}" for c in self.claims}
        if any(not (t.amount_cells or 0) for t in self.tables):
            names.add("table:blank")
        return frozenset(names)


def own_unit(fact: Fact) -> bool:
    """The fact is of the report's own unit and scope (not a subordinate unit's row); a NULL is no one's (SQL)."""
    return None not in (fact.unit_id, fact.scope) and fact.unit_id == fact.doc_unit_id and fact.scope == fact.doc_scope


def sql_sum(amounts) -> Decimal | None:
    """SQL's sum: NULLs skipped, NULL over no value."""
    values = [a for a in amounts if a is not None]
    return sum(values[1:], values[0]) if values else None


def stage_measure(fact: Fact) -> bool:
    """The fact is the report's own stage's figure (决算数 in a final account, 预算数 in a budget)."""
    return fact.measure == ("final" if fact.doc_stage == "final" else "budget")


def fold(groups: dict, key, fact: Fact) -> None:
    """Fold `fact` into the group `key` as SQL's sum/count/list do: [Σ amount (None while every amount is
    NULL), count, fact_seqs]."""
    group = groups.get(key)
    if group is None:
        group = groups[key] = [None, 0, []]
    if fact.amount is not None:
        group[0] = fact.amount if group[0] is None else group[0] + fact.amount
    group[1] += 1
    group[2].append(fact.fact_seq)


def cat(*parts) -> str | None:
    """SQL's `a || b || …`: None when any part is None; numbers as DuckDB prints them."""
    if any(p is None for p in parts):
        return None
    return "".join(format(p, "f") if isinstance(p, Decimal) else str(p) for p in parts)
