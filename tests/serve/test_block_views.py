"""Rows of anonymous blocks (a coded row keyed by its block's position, line_label 第N块: 北京 预算05表, one block per
unnamed unit) do not pair across documents: block 1 of one year's report need not be block 1's unit in the next
year's, nor in the final account. Hand-placed: 2010601 printed in two blocks of a unit's 2023 and 2024 final accounts
and its 2024 budget; paired by line_label, v_yoy and v_budget_vs_final would set block 1 beside block 1."""

import pytest

from tests.serve.test_line_label_views import query
from tests.serve.test_view_rewrites import clone_test_unit

# document → (第1块, 第2块) amounts of 2010601 行政运行, 万元
BLOCKS = {"block2024": (10, 7), "block2023": (9, 8), "blockbudget2024": (11, 6)}


def place_blocks(con, document_id: str, amounts: tuple[int, int]) -> None:
    for offset, amount in enumerate(amounts, 1):
        con.execute(
            "insert into fact_amount select * replace ("
            "  (select max(fact_seq) from fact_amount where document_id = $doc) + 1 as fact_seq,"
            "  'gpb_expenditure' as table_kind, '2010601' as func_code, null as econ_code, null as gov_econ_code,"
            "  null as item, 'total' as measure, $amount as amount, $amount as amount_exact, 'wan_yuan' as unit_of_measure,"
            "  $amount as source_text, source_line + 2000 + $offset as source_line, '行政运行' as row_label,"
            "  '第' || $offset || '块' as line_label) "
            "from fact_amount where document_id = $doc and fact_seq = 1",
            {"doc": document_id, "amount": amount, "offset": offset})


@pytest.fixture(scope="module")
def blocks_warehouse(warehouse, tmp_path_factory):
    path = tmp_path_factory.mktemp("blocks") / "w.duckdb"
    con = clone_test_unit(warehouse, path, "block", "blockunit", "分块测试单位")
    for document_id, amounts in BLOCKS.items():
        place_blocks(con, document_id, amounts)
    con.close()
    return path


def test_v_facts_shows_each_block_row_with_its_block(blocks_warehouse):
    rows = query(blocks_warehouse, "select line_label, amount from v_facts where document_id = 'block2024' and line_label is not null")
    assert rows == [("第1块", 10), ("第2块", 7)]


def test_v_yoy_pairs_no_block_row(blocks_warehouse):
    rows = query(blocks_warehouse, "select count(*) from v_yoy where unit_name = '分块测试单位' and line_label like '第%块'")
    assert rows == [(0,)]


def test_v_budget_vs_final_pairs_no_block_row(blocks_warehouse):
    rows = query(blocks_warehouse, "select count(*) from v_budget_vs_final where unit_name = '分块测试单位' "
                                   "and line_label like '第%块'")
    assert rows == [(0,)]
