"""The claim templates in Python (pipelines/validate/engine/claims.py) on hand-placed rows: UM01 (unit_scale)
yields no row on the samples, the real corpus or the generated reports, so both of its branches are placed here by
hand; NA01 (narrative) takes a restated figure's first printed target; percent_rows feeds NA02–NA04. Each case
asserts the whole rows: the values are those the retired SQL templates (unit_scale, narrative, narrative_percent)
gave on the same rows just before they were removed."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from pipelines.validate.engine import templates
from pipelines.validate.engine.claims import percent_rows
from pipelines.validate.engine.context import ROW_COLUMNS, Claim, Context, Document, Fact
from pipelines.validate.rules import load_rules, percent_claim_ids

DOC = "d1"


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


def _python(ctx: Context, name: str) -> list[dict]:
    rules = tuple(r for r in load_rules() if r.template == name)
    return [r._asdict() for r in templates()[name].evaluate(ctx, rules)]


def _row(rule_id, table_kind, subject, expected, observed, n_terms, source_line, source_page, row_label,
         fact_seqs) -> dict:
    return dict(zip(ROW_COLUMNS, (rule_id, DOC, table_kind, subject, _m(expected), _m(observed), n_terms,
                                  source_line, source_page, row_label, fact_seqs)))


def _same(actual: list[dict], expected: list[dict]) -> bool:
    """The same rows in any order (fact_seqs in any order); Decimals compare by value (0.01 == 0.010000)."""
    def key(row):
        return tuple((c, tuple(sorted(row[c])) if c == "fact_seqs" else row[c]) for c in ROW_COLUMNS)
    return Counter(map(key, actual)) == Counter(map(key, expected))


def test_a_narrative_figure_10000x_its_cell_is_a_unit_finding():
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
    # one UM01 row per scaled claim (lines 21, 22, 26), none for claims 3, 4, 5; the claim's text is the row label,
    # its line and page the source, the cell it names the fact (n_terms 0: no sum)
    assert _same(_python(ctx, "unit_scale"), [
        _row("UM01", "summary", "income_total: income_total 12345600万元 against the table cell 1,234.56 (line 101)",
             "1234.56", "12345600", 0, 21, 2, "income_total 12345600万元", [1]),
        _row("UM01", "summary", "expenditure_total: expenditure_total 0.01万元 against the table cell 58.30 (line 102)",
             "58.30", "0.01", 0, 22, 2, "expenditure_total 0.01万元", [2]),
        _row("UM01", "expenditure", "basic: basic 771000万元 against the table cell 77.10 (line 103)",
             "77.10", "771000", 0, 26, 2, "basic 771000万元", [3])])


def _tables(whole_max="2,000,000", others=("500.00", "800.00", "300.00", "600.00")):
    """Tables 1…n headed 万元 printing decimals (their largest: `others`) and table 9 printing whole numbers."""
    facts = [_fact(10 * t + i, "summary", Decimal(top.replace(",", "")) / (i + 1), text=top if i == 0 else "1.00",
                   table_seq=t, item=f"i{i}") for t, top in enumerate(others, 1) for i in range(3)]
    whole = [whole_max, "65,000", "12,345"]
    facts += [_fact(90 + i, "gpb_basic_expenditure", Decimal(text.replace(",", "")), text=text, table_seq=9,
                    line=300 + i, measure="personnel", item=f"w{i}") for i, text in enumerate(whole)]
    return facts


def _whole_table_row(median: str) -> dict:
    """UM01's table branch: the table (its first line, page 3), no fact named, expected the others' median."""
    return _row("UM01", "gpb_basic_expenditure",
                f"gpb_basic_expenditure table 9 headed 万元 prints whole numbers up to 2000000.000000, the report's "
                f"other tables up to {_m(median)} 万元: its figures are 元", median, "2000000", 0, 300, 3,
                "gpb_basic_expenditure", [])


def test_a_wan_yuan_table_of_whole_numbers_1000x_the_other_tables_is_headed_wrong():
    # others' largest 300, 500, 600, 800: median 550 (the two middle ones' mean); 2,000,000 >= 1,000 x 550
    ctx = Context(facts=_tables())
    assert _same(_python(ctx, "unit_scale"), [_whole_table_row("550")])


def test_a_whole_number_table_not_1000x_or_of_few_cells_or_read_from_yuan_is_not_flagged():
    near = Context(facts=_tables(whole_max="549,999"))  # < 1,000 x the median 550
    assert _python(near, "unit_scale") == []
    odd = Context(facts=_tables(others=("500.00", "800.00", "300.00")))  # odd count: the median is 500
    assert _same(_python(odd, "unit_scale"), [_whole_table_row("500")])
    few = Context(facts=[f for f in _tables() if f.fact_seq != 92])  # 2 cells: too few to tell
    assert _python(few, "unit_scale") == []
    yuan = Context(facts=[f._replace(original_unit="yuan") if f.table_seq == 9 else f for f in _tables()])
    assert _python(yuan, "unit_scale") == []  # the table was printed in 元 and converted: its whole numbers are right


def test_a_restated_figure_takes_its_first_target_the_report_prints():
    ctx = Context(facts=[_fact(1, "summary", "10.00", item="income_total"), _fact(2, "income", "10.50", item="total",
                                                                                    measure="fiscal_grant")],
                  claims=[_claim(1, "income_total", "budget_summary", "income_total", "10.50"),  # no such cell
                          _claim(1, "income_total", "income", "total", "10.50", rank=2, measure="fiscal_grant"),
                          _claim(1, "income_total", "summary", "income_total", "10.50", rank=3)])
    # rank 1 names no cell: rank 2 (the income table's 10.50, fact 2) is compared, not rank 3's 10.00
    assert _same(_python(ctx, "narrative"), [
        _row("NA01", "income", "income_total: income_total 10.50万元", "10.50", "10.50", 1, 21, 2,
             "income_total 10.50万元", [2])])


def test_percent_rows_are_the_claims_with_their_cells_in_claim_order():
    pid = percent_claim_ids()[0]
    ctx = Context(facts=[_fact(1, "summary", "80.00", item="general_public_budget_grant"),
                         _fact(2, "summary", "100.00", item="income_total")],
                  claims=[_claim(2, pid, "summary", "income_total", "80", rank=2),
                          _claim(2, pid, "summary", "general_public_budget_grant", "80"),
                          _claim(1, pid, "summary", "missing_item", "5"),
                          _claim(3, "income_total", "summary", "income_total", "100")],  # not a percentage
                  documents=[Document(DOC, 2026, "budget", "department", "loaded", "u1", "x")])
    # (document, claim_seq, claim_id, claim text, line, page, stage, target rank, kind, item, measure,
    #  cell amount_exact, cell text, cell original_unit, cell line), ordered by claim_seq then rank; claim 3 absent
    assert percent_rows(ctx) == [
        # a cell the report does not print: NULL cells, the claim kept
        (DOC, 1, pid, f"{pid} 5万元", 21, 2, "budget", 1, "summary", "missing_item", "amount", None, None, None, None),
        (DOC, 2, pid, f"{pid} 80万元", 22, 2, "budget", 1, "summary", "general_public_budget_grant", "amount",
         _m(80), "80.00", "wan_yuan", 101),
        (DOC, 2, pid, f"{pid} 80万元", 22, 2, "budget", 2, "summary", "income_total", "amount",
         _m(100), "100.00", "wan_yuan", 102)]
