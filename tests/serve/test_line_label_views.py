"""Lines keyed by their printed path (政府采购 project / 品目 lines: one item, many lines) pair with their own line in
the views that match facts across years and versions (v_yoy, v_budget_vs_final, v_revisions), and v_facts shows
the path as line_label. Hand-placed: two 品目 lines of one table under item procurement_article, in a unit's 2023
and 2024 final accounts, its 2024 budget and a superseded 2024 version; matched by item alone, each line would pair
with both lines of the other year (4 rows in v_yoy instead of 2)."""

import pytest

from pipelines.load import connect
from tests.serve.test_view_rewrites import clone_document, clone_test_unit

SERVER = "一、货物A / 信息网络建设费 / 信息网络及软件购置更新 / PC服务器 / 政府集中采购"
PRINTER = "一、货物A / 信息网络建设费 / 信息网络及软件购置更新 / 打印设备 / 分散采购"
# document → (PC服务器, 打印设备) amounts in 万元
LINES = {"line2024": (68, 12), "line2023": (60, 15), "linebudget2024": (70, 10), "lineold2024": (68, 11)}


def place_lines(con, document_id: str, amounts: tuple[int, int]) -> None:
    """Two procurement_article facts (table procurement, measure amount), the document's first fact as template."""
    for offset, (path, amount) in enumerate(zip((SERVER, PRINTER), amounts), 1):
        con.execute(
            "insert into fact_amount select * replace ("
            "  (select max(fact_seq) from fact_amount where document_id = $doc) + 1 as fact_seq,"
            "  'procurement' as table_kind, null as func_code, null as econ_code, null as gov_econ_code,"
            "  'procurement_article' as item, 'amount' as measure, $amount as amount, $amount as amount_exact,"
            "  'wan_yuan' as unit_of_measure, $amount as source_text, source_line + 1000 + $offset as source_line,"
            "  $path as row_label, $path as line_label) "
            "from fact_amount where document_id = $doc and fact_seq = 1",
            {"doc": document_id, "amount": amount, "path": path, "offset": offset})


@pytest.fixture(scope="module")
def lines_warehouse(warehouse, tmp_path_factory):
    path = tmp_path_factory.mktemp("lines") / "w.duckdb"
    con = clone_test_unit(warehouse, path, "line", "lineunit", "采购测试单位")
    clone_document(con, "line2024", "lineold2024", status="'superseded'", superseded_by="'line2024'")
    for document_id, amounts in LINES.items():
        place_lines(con, document_id, amounts)
    con.close()
    return path


def query(path, sql: str) -> list[tuple]:
    con = connect(path, read_only=True)
    try:
        return sorted(con.execute(sql).fetchall())
    finally:
        con.close()


def test_v_facts_shows_the_printed_path_and_null_for_keyed_facts(lines_warehouse):
    lines = query(lines_warehouse, "select line_label, amount from v_facts where document_id = 'line2024' and line_label is not null")
    keyed = query(lines_warehouse, "select count(*) from v_facts where line_label is not null and item <> 'procurement_article'")
    assert lines == [(SERVER, 68), (PRINTER, 12)] and keyed == [(0,)]


def test_v_yoy_pairs_each_line_with_its_own_line_of_the_year_before(lines_warehouse):
    rows = query(lines_warehouse, "select line_label, prior_amount, amount from v_yoy where unit_name = '采购测试单位' "
                                  "and item = 'procurement_article' and year = 2024")
    assert rows == [(SERVER, 60, 68), (PRINTER, 15, 12)]  # not 4 rows (PC服务器 2023 beside 打印设备 2024 …)


def test_v_budget_vs_final_pairs_each_line_with_its_own_budget_line(lines_warehouse):
    rows = query(lines_warehouse, "select line_label, budget_amount, final_amount from v_budget_vs_final "
                                  "where unit_name = '采购测试单位' and item = 'procurement_article' and fiscal_year = 2024")
    assert rows == [(SERVER, 70, 68), (PRINTER, 10, 12)]


def test_v_revisions_lists_only_the_line_that_changed(lines_warehouse):
    rows = query(lines_warehouse, "select line_label, old_amount, new_amount, change from v_revisions "
                                  "where old_document_id = 'lineold2024' and item = 'procurement_article'")
    assert rows == [(PRINTER, 11, 12, "changed")]
