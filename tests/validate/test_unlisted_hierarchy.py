"""HI01/HI02 count a labelled row (a name no code in context has, item unlisted_func_class, keyed by its printed path:
layouts/name_rows.py) in its parent's Σ: a direct child of the nearest coded ancestor in its path, a nested labelled
row a child of its labelled parent. A hand-placed names-only table is normalised, its facts written into fact_amount
and the comparison queries run (no reader, no GX); then the real hzjtj tables."""

from __future__ import annotations

import pytest

from pipelines.validate.comparisons import compute_comparisons
from tests.normalize.real_pages import needs_real
from tests.normalize.tables import located, normalize, page_result
from tests.normalize.test_unlisted_names import UNLISTED
from tests.validate.warehouse import DOC, one_document


@pytest.fixture()
def con(tmp_path):
    con = one_document(tmp_path / "w.duckdb")
    yield con
    con.close()


def load(con, result) -> dict[int, str]:
    """The table's facts into fact_amount; fact_seq → the row's key (code or printed path)."""
    keys = {}
    for seq, f in enumerate(result.facts, 1):
        con.execute("insert into fact_amount (document_id, fact_seq, unit_id, scope, table_kind, func_code, econ_code, "
                    "item, measure, amount, amount_exact, unit_of_measure, original_unit, source_page, source_line, "
                    "source_col, source_text, row_label, line_label, table_seq) values (?, ?, 'u1', 'department', ?, ?, "
                    "?, ?, ?, ?, ?, 'wan_yuan', 'wan_yuan', ?, ?, ?, ?, ?, ?, 1)",
                    [DOC, seq, f.table_kind, f.func_code, f.econ_code, f.item, f.measure, f.amount, f.amount,
                     f.source_page, f.source_line, f.source_col, f.source_text, f.row_label, f.line_label])
        keys[seq] = f.func_code or f.econ_code or f.line_label or f.item
    return keys


def comparisons(con, rule="HI01"):
    frame = compute_comparisons(con, [DOC])
    frame = frame[frame["rule_id"] == rule]
    return {s: (e, o, x <= 0, list(seqs)) for s, e, o, x, seqs in
            zip(frame["subject"], frame["expected"], frame["observed"], frame["excess"], frame["fact_seqs"])}


def test_a_labelled_kuan_counts_in_its_class_and_its_labelled_xiang_in_it(con):
    keys = load(con, normalize(located(UNLISTED, "expenditure")))
    found = comparisons(con)
    # 201 30.00 = 人大事务 10.00 + 新设事务 20.00; 新设事务 20.00 = 其他新设事务支出 20.00; 20101 = 行政运行
    assert {s: (e, o, ok) for s, (e, o, ok, _) in found.items() if s.endswith(" total")} == {
        "201 total": (30.0, 30.0, True), "20101 total": (10.0, 10.0, True),
        "201 / 新设事务 total": (20.0, 20.0, True)}
    # the labelled rows take part in sums that hold: both are verified by them
    held = {keys[seq] for _, _, ok, seqs in found.values() if ok for seq in seqs}
    assert {"201 / 新设事务", "201 / 新设事务 / 其他新设事务支出"} <= held


def test_a_class_whose_printed_sum_fails_breaks_at_the_labelled_rows_parent(con):
    rows = tuple(("一般公共服务支出", "31.00", "31.00") if r[0] == "一般公共服务支出" else r for r in UNLISTED)
    load(con, normalize(located(rows, "expenditure")))
    found = comparisons(con)
    assert found["201 total"][:3] == (31.0, 30.0, False)
    assert found["201 / 新设事务 total"][2]


def test_a_labelled_row_whose_children_do_not_add_up_breaks_itself(con):
    rows = tuple(("其他新设事务支出", "19.00", "19.00") if r[0] == "其他新设事务支出" else r for r in UNLISTED)
    load(con, normalize(located(rows, "expenditure")))
    found = comparisons(con)
    assert found["201 / 新设事务 total"][:3] == (20.0, 19.0, False)
    assert found["201 total"][2]


@needs_real
@pytest.mark.parametrize("kind,pages", [("expenditure", {26, 27}), ("gov_fund", {35})])
def test_hzjtj_201_and_214_verify_with_their_labelled_children(con, kind, pages):
    # zhejiang-hzjtj-2026-budget.pdf p26 表3: 一般公共服务支出 6,701.98 = 社会工作事务 1.98 (20139) + 其他一般公共服务支出
    # 6,700.00; 社会工作事务 1.98 = 其他社会工作事务支出 1.98 (labelled); p27 交通运输支出 174,982.14 = 公路水路运输
    # 106,604.22 + 超长期特别国债安排的支出 177.92 (labelled) + 其他交通运输支出 68,200.00 (checked by eye);
    # p35 表7: 交通运输支出 177.92 = 超长期特别国债安排的支出 177.92 = 公路水路运输 177.92
    load(con, page_result("zhejiang-hzjtj-2026-budget.pdf", pages, kind, "杭州市交通运输局"))
    found = comparisons(con)
    broken = sorted(s for s, (_, _, ok, _) in found.items() if not ok)
    assert broken == []
    assert found["214 total"][:3] == (174982.14 if kind == "expenditure" else 177.92,) * 2 + (True,)
    assert "214 / 超长期特别国债安排的支出 total" in found
    if kind == "expenditure":
        assert found["201 total"][:3] == (6701.98, 6701.98, True)
        assert found["20139 total"][:3] == (1.98, 1.98, True)
