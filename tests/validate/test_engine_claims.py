"""The claim templates in Python (pipelines/validate/engine/claims.py) against the SQL they replace
(sql/rules/unit_scale.sql, narrative.sql, narrative_percent.sql), on hand-placed rows: UM01 yields no row on the
samples, the real corpus or the generated reports, so both of its branches are placed here by hand."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import duckdb

from pipelines.validate.engine import templates
from pipelines.validate.engine.claims import percent_rows
from pipelines.validate.engine.context import FACT_COLUMNS, ROW_COLUMNS, Claim, Context, Document, Fact
from pipelines.validate.rules import load_rules, percent_claim_ids, render_template

DOC = "d1"
_TYPES = {"fact_seq": "integer", "table_seq": "integer", "amount": "decimal(20, 6)", "amount_exact": "decimal(24, 6)",
          "source_page": "integer", "source_line": "integer"}
_CLAIM_TYPES = {"claim_seq": "integer", "target_rank": "integer", "amount": "decimal(18, 2)", "source_line": "integer",
                "source_page": "integer"}


def _m(value) -> Decimal:
    """An amount as the warehouse holds it (DECIMAL(20, 6))."""
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def _fact(seq, kind, amount, *, text=None, item=None, measure="amount", table_seq=1, line=None, unit="u1",
          original_unit="wan_yuan") -> Fact:
    return Fact(document_id=DOC, fact_seq=seq, unit_id=unit, scope="department", table_kind=kind, table_seq=table_seq,
                item=item, measure=measure, amount=_m(amount), amount_exact=_m(amount), unit_of_measure="wan_yuan",
                original_unit=original_unit, source_page=3, source_line=line or 100 + seq,
                source_text=text if text is not None else f"{Decimal(str(amount)):,}", row_label=item,
                doc_unit_id="u1", doc_scope="department", doc_stage="budget")


def _claim(seq, claim_id, kind, item, amount, *, rank=1, measure="amount", line=None) -> Claim:
    return Claim(DOC, seq, claim_id, rank, kind, item, measure, Decimal(str(amount)).quantize(Decimal("0.01")),
                 line or 20 + seq, 2, f"{claim_id} {amount}万元")


def _rules(name):
    return tuple(r for r in load_rules() if r.template == name)


def _python(ctx: Context, name: str) -> list[dict]:
    return [r._asdict() for r in templates()[name].evaluate(ctx, _rules(name))]


def _sql(ctx: Context, name: str) -> list[dict]:
    """The SQL template's rows over the same facts and claims (temp tables _scope, _facts, doc_claim)."""
    cursor = _warehouse(ctx).execute(render_template(name, _rules(name)))
    names = [d[0] for d in cursor.description]
    return [{k: v for k, v in zip(names, row) if k in ROW_COLUMNS} for row in cursor.fetchall()]


def _warehouse(ctx: Context) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table dim_document (document_id varchar, year integer, stage varchar)")
    if ctx.documents:
        con.executemany("insert into dim_document values (?, ?, ?)", [[d.document_id, d.year, d.stage]
                                                                       for d in ctx.documents.values()])
    con.execute("create temp table _scope as select 'd1' as document_id")
    con.execute("create temp table _facts (" + ", ".join(f"{c} {_TYPES.get(c, 'varchar')}" for c in FACT_COLUMNS) + ")")
    con.execute("create temp table doc_claim (" + ", ".join(f"{c} {_CLAIM_TYPES.get(c, 'varchar')}" for c in Claim._fields) + ")")
    if ctx.facts:
        con.executemany(f"insert into _facts values ({', '.join('?' * len(FACT_COLUMNS))})", [list(f) for f in ctx.facts])
    if ctx.claims:
        con.executemany(f"insert into doc_claim values ({', '.join('?' * len(Claim._fields))})", [list(c) for c in ctx.claims])
    return con


def _same(a: list[dict], b: list[dict]) -> bool:
    def key(row):
        return tuple((c, tuple(sorted(row[c])) if c == "fact_seqs" else row[c]) for c in ROW_COLUMNS)
    return Counter(map(key, a)) == Counter(map(key, b))


def test_a_narrative_figure_10000x_its_cell_is_a_unit_finding_and_the_sql_agrees():
    ctx = Context(facts=[
        _fact(1, "summary", "1234.56", item="income_total"),
        _fact(2, "summary", "58.30", item="expenditure_total"),
        _fact(3, "expenditure", "77.10", item="total", measure="basic"),
        _fact(4, "summary", "9.99", item="other_income", unit="u2"),  # a subordinate unit's row: never compared
        _fact(5, "expenditure", "0", item="total", measure="project"),
    ], claims=[
        _claim(1, "income_total", "summary", "income_total", "12345600"),  # 元 written as 万元: 10,000x
        _claim(2, "expenditure_total", "summary", "expenditure_total", "0.01"),  # 1/10,000 (± the cell's rounding)
        _claim(3, "basic", "expenditure", "total", "77.10", measure="basic"),  # equal: no unit problem
        _claim(4, "other_income", "summary", "other_income", "99900"),  # the cell is not the report's own unit's
        _claim(5, "project", "expenditure", "total", "1", measure="project"),  # a 0 cell proves nothing
        # a claim whose first target agrees and whose second is 10,000x: the rank among the scaled ones
        _claim(6, "basic", "summary", "income_total", "1234.56"),
        _claim(6, "basic", "expenditure", "total", "771000", rank=2, measure="basic"),
    ])
    rows = _python(ctx, "unit_scale")
    assert sorted((r["source_line"], r["expected"], r["observed"], r["fact_seqs"][0]) for r in rows) == [
        (21, _m("1234.56"), Decimal("12345600.00"), 1), (22, _m("58.30"), Decimal("0.01"), 2),
        (26, _m("77.10"), Decimal("771000.00"), 3)]
    assert rows[0]["subject"] == "income_total: income_total 12345600万元 against the table cell 1,234.56 (line 101)"
    assert {r["rule_id"] for r in rows} == {"UM01"} and {r["n_terms"] for r in rows} == {0}
    assert _same(rows, _sql(ctx, "unit_scale"))


def _tables(whole_max="2,000,000", others=("500.00", "800.00", "300.00", "600.00")):
    """Tables 1…n headed 万元 printing decimals (their largest: `others`) and table 9 printing whole numbers."""
    facts = [_fact(10 * t + i, "summary", Decimal(top.replace(",", "")) / (i + 1), text=top if i == 0 else "1.00",
                   table_seq=t, item=f"i{i}") for t, top in enumerate(others, 1) for i in range(3)]
    whole = [whole_max, "65,000", "12,345"]
    facts += [_fact(90 + i, "gpb_basic_expenditure", Decimal(text.replace(",", "")), text=text, table_seq=9,
                    line=300 + i, measure="personnel", item=f"w{i}") for i, text in enumerate(whole)]
    return facts


def test_a_wan_yuan_table_of_whole_numbers_1000x_the_other_tables_is_headed_wrong_and_the_sql_agrees():
    # others' largest 300, 500, 600, 800: median 550 (the two middle ones' mean); 2,000,000 >= 1,000 x 550
    ctx = Context(facts=_tables())
    rows = _python(ctx, "unit_scale")
    assert [(r["table_kind"], r["expected"], r["observed"], r["source_line"]) for r in rows] == [
        ("gpb_basic_expenditure", _m(550), _m(2000000), 300)]
    assert rows[0]["subject"] == ("gpb_basic_expenditure table 9 headed 万元 prints whole numbers up to 2000000.000000, "
                                  "the report's other tables up to 550.000000 万元: its figures are 元")
    assert _same(rows, _sql(ctx, "unit_scale"))


def test_a_whole_number_table_not_1000x_or_of_few_cells_or_read_from_yuan_is_not_flagged():
    near = Context(facts=_tables(whole_max="549,999"))  # < 1,000 x the median 550
    assert _python(near, "unit_scale") == [] == _sql(near, "unit_scale")
    odd = Context(facts=_tables(others=("500.00", "800.00", "300.00")))  # odd count: the median is 500
    assert [r["expected"] for r in _python(odd, "unit_scale")] == [_m(500)]
    few = Context(facts=[f for f in _tables() if f.fact_seq != 92])  # 2 cells: too few to tell
    assert _python(few, "unit_scale") == [] == _sql(few, "unit_scale")
    yuan = Context(facts=[f._replace(original_unit="yuan") if f.table_seq == 9 else f for f in _tables()])
    assert _python(yuan, "unit_scale") == [] == _sql(yuan, "unit_scale")


def test_a_restated_figure_takes_its_first_target_the_report_prints():
    ctx = Context(facts=[_fact(1, "summary", "10.00", item="income_total"), _fact(2, "income", "10.50", item="total",
                                                                                    measure="fiscal_grant")],
                  claims=[_claim(1, "income_total", "budget_summary", "income_total", "10.50"),  # no such cell
                          _claim(1, "income_total", "income", "total", "10.50", rank=2, measure="fiscal_grant"),
                          _claim(1, "income_total", "summary", "income_total", "10.50", rank=3)])
    rows = _python(ctx, "narrative")
    assert [(r["expected"], r["observed"], r["fact_seqs"]) for r in rows] == [(_m("10.50"), Decimal("10.50"), [2])]
    assert _same(rows, _sql(ctx, "narrative"))


def test_percent_rows_are_the_claims_with_their_cells_in_claim_order():
    pid = percent_claim_ids()[0]
    ctx = Context(facts=[_fact(1, "summary", "80.00", item="general_public_budget_grant"),
                         _fact(2, "summary", "100.00", item="income_total")],
                  claims=[_claim(2, pid, "summary", "income_total", "80", rank=2),
                          _claim(2, pid, "summary", "general_public_budget_grant", "80"),
                          _claim(1, pid, "summary", "missing_item", "5"),
                          _claim(3, "income_total", "summary", "income_total", "100")],  # not a percentage
                  documents=[Document(DOC, 2026, "budget", "department", "loaded", "u1", "x")])
    rows = percent_rows(ctx)
    assert [(r[0], r[2], r[8], r[12], r[13], r[15]) for r in rows] == [
        ("NA02", 1, 1, None, None, None),  # a cell the report does not print: NULL cells, the claim kept
        ("NA02", 2, 1, _m(80), "80.00", 101), ("NA02", 2, 2, _m(100), "100.00", 102)]
    assert rows[1][:8] == ("NA02", DOC, 2, pid, f"{pid} 80万元", 22, 2, "budget")
    na02 = next(r for r in load_rules() if r.id == "NA02")
    assert rows == _warehouse(ctx).execute(na02.sql()).fetchall()
