"""Identities over a table read as anonymous blocks (normalize/layouts/anonymous_blocks.py: one block of code rows per
unnamed unit, each row keyed by line_label 第N块): a parent sums its own block's children (HI01), a block's row is a
root unless its own block prints an ancestor (HI07), and the 项 of every block summed by 类 equal the 类 of the
财政拨款收支总表 (XT07 its 一般公共预算 column, XT08 ≤ its one 预算数 column). Hand-placed facts written straight into
fact_amount; only the comparison queries run."""

from __future__ import annotations

import pytest

from pipelines.validate.comparisons import compute_comparisons
from tests.validate.warehouse import DOC, insert_table, one_document


@pytest.fixture()
def con(tmp_path):
    con = one_document(tmp_path / "w.duckdb")
    yield con
    con.close()


def load(con, table_kind: str, rows: list[tuple], table_seq: int) -> None:
    """rows: (func_code, item, block, measure, amount); one printed line per (code, item, block)."""
    insert_table(con, table_kind, [dict(zip(("func_code", "item", "line_label", "measure", "amount"), row))
                                   for row in rows], table_seq)


def results(con, rule: str) -> list[tuple[str, float, float, bool]]:
    frame = compute_comparisons(con, [DOC])
    frame = frame[frame["rule_id"] == rule]
    return sorted((s, e, o, x <= 0) for s, e, o, x in zip(frame["subject"], frame["expected"], frame["observed"], frame["excess"]))


def test_hi01_parents_of_two_blocks_each_sum_their_own_block(con):
    # block 1: 201 10 > 20106 10 > 2010601 10; block 2: 201 7 > 20106 7 > 2010601 7 (summed across blocks: 17 ≠ 10)
    rows = [(code, None, block, "total", amount) for block, amount in (("第1块", "10.00"), ("第2块", "7.00"))
            for code in ("201", "20106", "2010601")]
    load(con, "gpb_expenditure", rows, 1)
    assert results(con, "HI01") == [("201 total", 7.0, 7.0, True), ("201 total", 10.0, 10.0, True),
                                    ("20106 total", 7.0, 7.0, True), ("20106 total", 10.0, 10.0, True)]


def test_hi01_fails_when_a_block_row_is_changed(con):
    rows = [(code, None, block, "total", amount) for block, amount in (("第1块", "10.00"), ("第2块", "7.00"))
            for code in ("201", "20106", "2010601")]
    load(con, "gpb_expenditure", [r if r[:3] != ("2010601", None, "第2块") else ("2010601", None, "第2块", "total", "6.00")
                                  for r in rows], 1)
    assert ("20106 total", 7.0, 6.0, False) in results(con, "HI01")


# beijing-czj-tables-2026-budget.pdf p9 预算05表 (checked by eye): block 1 2010601 10,096.054007, 2010602 5,046.830111,
# 2010607 6,918.431100; block 2 2010601 7,239.974050, 2010602 1,853.100000, 2010603 1,490.574000, 2010650 4,999.232224;
# p7 预算04表 一、一般公共服务支出 37,644.195492 (its one 预算数 column)
CZJ_201 = [("2010601", None, "第1块", "total", "10096.054007"), ("2010602", None, "第1块", "total", "5046.830111"),
           ("2010607", None, "第1块", "total", "6918.431100"), ("2010601", None, "第2块", "total", "7239.974050"),
           ("2010602", None, "第2块", "total", "1853.100000"), ("2010603", None, "第2块", "total", "1490.574000"),
           ("2010650", None, "第2块", "total", "4999.232224")]


def test_hi07_total_is_every_blocks_roots_a_row_under_another_blocks_kuan_included(con):
    # block 1 prints 款 20106 (over its 2010601); block 2's 2010601 has no ancestor in its own block: a root
    rows = [("20106", None, "第1块", "total", "10.00"), ("2010601", None, "第1块", "total", "10.00"),
            ("2010601", None, "第2块", "total", "7.00"), (None, "total", None, "total", "17.00")]
    load(con, "gpb_expenditure", rows, 1)
    assert results(con, "HI07") == [("total total", 17.0, 17.0, True)]


def test_xt08_czj_p7_class_201_is_the_sum_of_its_items_over_both_blocks(con):
    load(con, "fiscal_summary", [("201", None, None, "amount", "37644.195492")], 1)
    load(con, "gpb_expenditure", CZJ_201, 2)
    assert results(con, "XT08") == [("201 amount", 37644.2, 37644.2, True)]
    assert results(con, "XT07") == []


def test_xt08_fails_when_a_block_row_is_more_than_its_class(con):
    load(con, "fiscal_summary", [("201", None, None, "amount", "37644.195492")], 1)
    load(con, "gpb_expenditure", [r if r[:3] != ("2010650", None, "第2块") else (*r[:4], "4999.332224") for r in CZJ_201], 2)
    assert results(con, "XT08") == [("201 amount", 37644.2, 37644.3, False)]


def test_xt07_equal_to_the_general_public_budget_column_and_not_for_a_table_printing_its_classes(con):
    load(con, "fiscal_summary", [("201", None, None, "gpb", "37644.195492")], 1)
    load(con, "gpb_expenditure", [r if r[:3] != ("2010602", None, "第1块") else (*r[:4], "5046.730111") for r in CZJ_201], 2)
    assert results(con, "XT07") == [("201 gpb", 37644.2, 37644.1, False)]
    load(con, "gpb_expenditure", [("201", None, "第1块", "total", "1.00")], 2)  # the table prints a 类: XT02's
    assert results(con, "XT07") == []
