"""The hierarchy templates in Python (engine/hierarchy.py) on hand-placed rows: HI01 (功能分类 parent = Σ children)
and HI07 (a table printing no 类: 合计 = Σ its root rows). The golden check (/tmp/golden/check.py) holds them to the
SQL templates on the samples, the real corpus and generated reports; these pin the mechanisms one by one."""

from decimal import Decimal

from pipelines.validate.engine.hierarchy import hierarchy, total_of_roots
from pipelines.validate.engine.context import Context, Fact
from pipelines.validate.rules import load_rules

DOC = "d1"


def _rules(template: str, rule_id: str):
    return tuple(r for r in load_rules() if r.template == template and r.id == rule_id)


def _fact(seq, line, amount, func_code=None, item=None, measure="amount", kind="expenditure", table_seq=1,
          line_label=None, econ_code=None):
    return Fact(document_id=DOC, fact_seq=seq, unit_id="u", scope="department", table_kind=kind, table_seq=table_seq,
                func_code=func_code, econ_code=econ_code, item=item, measure=measure,
                amount=None if amount is None else Decimal(amount), source_page=1, source_line=line,
                row_label=line_label or func_code or item, line_label=line_label,
                doc_unit_id="u", doc_scope="department", doc_stage="budget")


def _hierarchy(facts, unloaded=()):
    ctx = Context(facts, unloaded=unloaded)
    return {(r.subject, r.expected, r.observed, r.n_terms, tuple(sorted(r.fact_seqs)))
            for r in hierarchy(ctx, _rules("hierarchy", "HI01"))}


def test_class_and_section_each_equal_their_children():
    rows = _hierarchy([_fact(1, 10, "30", "201"), _fact(2, 11, "30", "20101"),
                       _fact(3, 12, "10", "2010101"), _fact(4, 13, "20", "2010102"),
                       _fact(5, 14, "7", "205"), _fact(6, 15, "7", "20502")])
    assert rows == {("201 amount", Decimal(30), Decimal(30), 1, (1, 2)),
                    ("20101 amount", Decimal(30), Decimal(30), 2, (2, 3, 4)),
                    ("205 amount", Decimal(7), Decimal(7), 1, (5, 6))}


def test_a_parent_spanning_an_unloaded_line_is_not_compared():
    facts = [_fact(1, 10, "30", "201"), _fact(2, 11, "30", "20101"), _fact(3, 12, "10", "2010101"),
             _fact(4, 14, "20", "2010102"), _fact(5, 20, "5", "205"), _fact(6, 21, "5", "20502")]
    # line 13 unloaded: inside 201's span and 20101's (both end at 205, line 20); 205's span starts after it
    rows = _hierarchy(facts, unloaded=[(DOC, "expenditure", 13)])
    assert {r[0] for r in rows} == {"205 amount"}
    # a line of another table kind leaves every parent compared; the last parent's span runs to the table's
    # last line + 2 (21 + 2 = 23): line 22 is in 205's span only, line 23 in none
    assert len(_hierarchy(facts, unloaded=[(DOC, "gov_fund", 13)])) == 3
    assert {r[0] for r in _hierarchy(facts, unloaded=[(DOC, "expenditure", 22)])} == {"201 amount", "20101 amount"}
    assert len(_hierarchy(facts, unloaded=[(DOC, "expenditure", 23)])) == 3


def test_the_span_ends_at_the_next_code_of_the_parents_level_or_above():
    # 20101 ends at 20102 (line 14): an unloaded line 15 is in 20102's span and 201's, not in 20101's
    facts = [_fact(1, 10, "30", "201"), _fact(2, 11, "10", "20101"), _fact(3, 12, "10", "2010101"),
             _fact(4, 14, "20", "20102"), _fact(5, 16, "20", "2010201")]
    assert {r[0] for r in _hierarchy(facts, unloaded=[(DOC, "expenditure", 15)])} == {"20101 amount"}


def test_anonymous_blocks_are_never_summed_across():
    """北京 预算05表 (beijing-czj-tables-2026-budget p9): one block of rows per unnamed unit (line_label 第N块);
    a 款 printed in block 1 sums block 1's 项 only, though block 2 prints the same codes."""
    rows = _hierarchy([_fact(1, 10, "10", "20101", line_label="第1块"), _fact(2, 11, "10", "2010101", line_label="第1块"),
                       _fact(3, 20, "99", "20101", line_label="第2块"), _fact(4, 21, "90", "2010101", line_label="第2块"),
                       _fact(5, 22, "9", "2010102", line_label="第2块")])
    assert rows == {("20101 amount", Decimal(10), Decimal(10), 1, (1, 2)),
                    ("20101 amount", Decimal(99), Decimal(99), 2, (3, 4, 5))}


def test_a_labelled_row_is_keyed_by_its_printed_path():
    """zhejiang-hzjtj-2026-budget p22 lines 521-522: 超长期特别国债安排的支出 177.92 (no code in context) under 214,
    公路水路运输 177.92 under it: the labelled row is a child of 214 and the parent of the nested one."""
    label = "214 / 超长期特别国债安排的支出"
    rows = _hierarchy([_fact(1, 519, "10177.92", "214"), _fact(2, 520, "10000", "21401"),
                       _fact(3, 521, "177.92", item="unlisted_func_class", line_label=label),
                       _fact(4, 522, "177.92", item="unlisted_func_class", line_label=label + " / 公路水路运输")])
    assert rows == {("214 amount", Decimal("10177.92"), Decimal("10177.92"), 2, (1, 2, 3)),
                    (label + " amount", Decimal("177.92"), Decimal("177.92"), 1, (3, 4))}


def test_children_sum_under_their_own_other_code_and_column():
    """Beijing 预算03表 prints 功能 × 经济 per row: a 功能 parent sums children of its own 经济分类 code only."""
    rows = _hierarchy([_fact(1, 10, "5", "20101", econ_code="301"), _fact(2, 11, "5", "2010101", econ_code="301"),
                       _fact(3, 12, "8", "2010101", econ_code="302"),
                       _fact(4, 10, "1", "20101", econ_code="301", measure="basic")])
    assert rows == {("20101 amount", Decimal(5), Decimal(5), 1, (1, 2))}


def _roots(facts, unloaded=()):
    ctx = Context(facts, unloaded=unloaded)
    return {(r.subject, r.expected, r.observed, r.n_terms, tuple(sorted(r.fact_seqs)))
            for r in total_of_roots(ctx, _rules("total_of_roots", "HI07"))}


def test_a_table_printing_no_class_sums_its_root_rows_of_every_block():
    """beijing-czj-tables-2026-budget p9 (预算05表: 项 only, one block per unit): 合计 = Σ the rows of every block
    that no row of their own block is the parent of."""
    facts = [_fact(1, 5, "60", item="total", measure="total"),
             _fact(2, 6, "10", "2010601", measure="total", line_label="第1块"),
             _fact(3, 7, "20", "20508", measure="total", line_label="第1块"),
             _fact(4, 8, "20", "2050803", measure="total", line_label="第1块"),  # under 20508 in its block
             _fact(5, 9, "30", "2050803", measure="total", line_label="第2块")]  # a root of block 2
    assert _roots(facts) == {("total total", Decimal(60), Decimal(60), 3, (1, 2, 3, 5))}
    # a table printing a 类 is HI03's; an unloaded line of the table kind leaves it uncompared
    assert _roots(facts + [_fact(6, 10, "1", "201", measure="total")]) == set()
    assert _roots(facts, unloaded=[(DOC, "expenditure", 99)]) == set()
