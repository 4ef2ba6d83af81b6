"""A set-based template's `{case:NAME}`: rules that share an expression share one branch (DuckDB plans every
branch's subqueries: XT07/XT08's right_key twice cost cross_table ≈ 3 ms of planning per run), and each rule
still compares what it compares alone."""

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.comparisons import scope
from pipelines.validate.rules import Rule, load_rules, render_template
from tests.conftest import SAMPLES

CROSS_TABLE = tuple(rule for rule in load_rules() if rule.template == "cross_table")


def _rule(rule_id: str, left_key: str) -> Rule:
    return Rule(rule_id, "cross_table", "warning", "cross_table", "equal", "", {
        "left_kind": "summary", "left_measures": ["amount"], "left_key": left_key, "left_join": "func_code",
        "right_kind": "expenditure", "right_measures": ["total"], "right_key": "length(func_code) = 3",
        "right_join": "func_code"})


def _row(row: tuple) -> str:  # fact_seqs: a list whose order the aggregation does not fix
    return repr(tuple(sorted(v) if isinstance(v, list) else v for v in row))


def test_rules_sharing_an_expression_share_its_branch():
    text = render_template("cross_table", (_rule("A", "length(func_code) = 3"), _rule("B", "length(func_code) = 3"),
                                           _rule("C", "length(func_code) = 5")))
    assert "when rule_id in ('A', 'B') then (length(func_code) = 3) when rule_id in ('C') then (length(func_code) = 5)" in text
    assert text.count("then (func_code)") == 2  # left_join and right_join: one branch each, for A, B and C


def test_each_cross_table_rule_compares_together_what_it_compares_alone_on_the_samples(tmp_path):
    # XT01 and XT02 share left_key, left_join, right_key and right_join (length(func_code) = 3, func_code):
    # 包头 2024 决算 收支总表 类 205/208/210/221 against 支出表, 财政拨款收支总表 against 05表
    shared = [r for r in CROSS_TABLE if r.id in ("XT01", "XT02")]
    assert len(shared) == 2 and shared[0].params["left_key"] == shared[1].params["left_key"]
    con = connect(tmp_path / "w.duckdb")
    ids = [ingest_file(con, path).document_id for path in SAMPLES.values()]
    scope(con, ids)
    together = sorted(map(_row, con.execute(render_template("cross_table", CROSS_TABLE)).fetchall()))
    alone = sorted(_row(row) for rule in CROSS_TABLE for row in con.execute(rule.sql()).fetchall())
    con.close()
    assert together == alone
    assert {"XT01", "XT02"} <= {row.split("'")[1] for row in together}
