"""The name templates (engine/names.py: CN01 code_names, CN02 class_names) and the codes suite's frame and
misscaled tables (engine/codes.py) on hand-placed rows. Their equality with sql/rules/code_names.sql,
class_names.sql, codes.sql and misscaled_tables.sql was checked on the warehouses of the samples, the real
corpus and the generated reports (SQL 1 / 273 / 3,585 rows, 0 misscaled tables)."""

from __future__ import annotations

from decimal import Decimal

from pipelines.validate.engine import templates
from pipelines.validate.engine.codes import CODE_COLUMNS, code_frame, misscaled_rows
from pipelines.validate.engine.context import Claim, Context, Document, Fact
from pipelines.validate.rules import load_rules

D = "d1"


def _fact(seq, line, label, *, func=None, econ=None, item=None, measure="total", amount="1", kind="expenditure",
          table_seq=1, unit="u1"):
    return Fact(document_id=D, fact_seq=seq, unit_id=unit, scope="department", table_kind=kind, table_seq=table_seq,
                func_code=func, econ_code=econ, item=item, measure=measure, amount=Decimal(amount), source_page=3,
                source_line=line, row_label=label, doc_unit_id="u1", doc_scope="department", doc_stage="budget")


def _run(name, ctx):
    rules = tuple(r for r in load_rules() if r.template == name)
    return templates()[name].evaluate(ctx, rules)


def test_a_code_printed_with_a_siblings_name_is_flagged_and_another_parents_name_is_not():
    # tamper variant of data/raw/baotou-shebao-center-2024-final.txt line 495: 2080109 printed as 行政运行 (2080101's name)
    facts = [
        _fact(1, 10, "一般行政管理事务", func="2010101"),  # 2010102's name, the same parent 20101: flagged
        _fact(2, 10, "一般行政管理事务", func="2010101", measure="basic"),  # same printed row: one comparison
        _fact(3, 11, "一般行政管理事务", func="2010102"),  # its own name
        _fact(4, 12, "机关服务", func="2010103"),  # 机关服务 is 2010203's, under 20102, and 2010103's own too
        _fact(5, 13, "参政议政", func="2010104"),  # 2010206's name under another parent (20102): not flagged
        _fact(6, 14, "行政运行", func="2010201"),  # its own name (2010101 has it too, under 20101)
        _fact(7, 15, "津贴 补贴", econ="30101"),  # 30102's name with a space: flagged
        _fact(8, 16, None, func="2010101"),  # no printed name
    ]
    rows = _run("code_names", Context(facts))
    assert sorted((r.subject, r.expected, r.observed, r.source_line, r.row_label, r.n_terms, r.fact_seqs)
                  for r in rows) == [
        ("econ code 30101 printed with the name 津贴 补贴 of 30102 (its own name: 基本工资)", 30101, 30102, 15, "津贴 补贴", 0, []),
        ("func code 2010101 printed with the name 一般行政管理事务 of 2010102 (its own name: 行政运行)",
         2010101, 2010102, 10, "一般行政管理事务", 0, []),
    ]
    assert {r.rule_id for r in rows} == {"CN01"} and {r.table_kind for r in rows} == {"expenditure"}


def _claim(seq, code, text, line=5):
    return Claim(D, seq, "class_name", 1, "func_class", f"func:{code}", "name", Decimal(len(code)), line, 2, text)


def test_class_names_compares_the_narratives_name_with_the_tables_and_names_a_former_name():
    facts = [
        _fact(1, 40, "十、卫生健康支出", func="210", kind="gpb_expenditure", table_seq=4),
        _fact(2, 20, "医疗卫生支出", func="210", kind="fiscal_summary", table_seq=1),  # gpb_expenditure's row is preferred
        _fact(3, 41, "201 一般公共服务支出", func="201", kind="gpb_expenditure", table_seq=4),
        _fact(4, 42, "（一）人大事务", func="20101", kind="expenditure", table_seq=2),
        _fact(5, 43, "人大事务（下属）", func="20101", kind="expenditure", table_seq=1, unit="u2"),  # a subordinate unit's: not read
        _fact(6, 44, "突发公共卫生事件应急处置", func="2100410", kind="expenditure", table_seq=3),
    ]
    claims = [
        _claim(1, "210", "医疗卫生与计划生育支出"),  # a former national name (last in 2018)
        _claim(2, "201", "一般公共服务 支出"),  # the same after spaces and 支出
        _claim(3, "20101", "人大事务"),  # tables print （一）人大事务
        # zhejiang-huzwjw-2026-budget.pdf p12: the narrative names 2100410 突发公共卫生事件应急处理, the tables 应急处置
        _claim(4, "2100410", "突发公共卫生事件应急处理"),
        _claim(5, "205", "教育支出"),  # no table prints 205: no comparison
        _claim(6, "201", "一般公共服务（类）支出"),  # a level mark is no part of the name
    ]
    rows = _run("class_names", Context(facts, claims))
    assert sorted((r.row_label, r.observed, r.subject) for r in rows) == [
        ("一般公共服务 支出", 0, "the narrative names 201 一般公共服务 支出, the tables 201 一般公共服务支出 (line 41)"),
        ("一般公共服务（类）支出", 0, "the narrative names 201 一般公共服务（类）支出, the tables 201 一般公共服务支出 (line 41)"),
        ("人大事务", 0, "the narrative names 20101 人大事务, the tables （一）人大事务 (line 42)"),
        ("医疗卫生与计划生育支出", 1, "the narrative names 210 医疗卫生与计划生育支出, the tables 十、卫生健康支出 (line 40), "
                              "a former national name of 210 (last printed in 2018)"),
        ("突发公共卫生事件应急处理", 1, "the narrative names 2100410 突发公共卫生事件应急处理, the tables 突发公共卫生事件应急处置 (line 44)"),
    ]
    assert {(r.rule_id, r.table_kind, r.expected, r.n_terms) for r in rows} == {("CN02", "func_class", 0, 0)}


def test_code_frame_knows_national_codes_trusts_a_verified_unlisted_one_and_finds_an_unprinted_parent():
    facts = [
        _fact(1, 10, "一般公共服务支出", func="201"),
        _fact(2, 11, "人大事务", func="20101"),
        _fact(3, 12, "行政运行", func="2010101"),
        _fact(4, 13, "自编项", func="2010197"),  # not national; its hierarchy sum holds: trusted
        _fact(5, 14, "自编项二", func="2010198"),  # not national; a hierarchy sum but a broken row sum: not trusted
        _fact(6, 20, "行政运行", func="2010201", kind="basic"),  # its 款 20102 not printed, though basic prints 款
        _fact(7, 21, "政府办公厅", func="20103", kind="basic"),
        _fact(8, 30, "基本工资", econ="30101", kind="basic"),  # no 类 printed in basic at all: a layout, not a lost row
    ]
    checks = [(D, 4, "hierarchy", True), (D, 4, "row_sum", True), (D, 5, "hierarchy", True), (D, 5, "row_sum", False),
              (D, 3, "row_sum", True), ("other", 3, "hierarchy", True)]
    frame = code_frame(Context(facts, documents=[Document(D, 2026, "budget", "department", "loaded", "u1", "x")]),
                       checks)
    assert list(frame.columns) == CODE_COLUMNS
    got = {(r.table_kind, r.code): (r.in_dictionary, r.verified_here, r.verified_elsewhere, r.parent_printed, r.known)
           for r in frame.itertuples()}
    assert got == {
        ("expenditure", "201"): (True, False, False, True, True),
        ("expenditure", "20101"): (True, False, False, True, True),
        ("expenditure", "2010101"): (True, False, False, True, True),
        ("expenditure", "2010197"): (False, True, False, True, True),
        ("expenditure", "2010198"): (False, False, False, True, False),
        ("basic", "2010201"): (True, False, False, False, True),
        ("basic", "20103"): (True, False, False, True, True),
        ("basic", "30101"): (True, False, False, True, True),
    }


def test_code_frame_keeps_the_first_line_page_and_label_of_a_code_printed_twice():
    facts = [_fact(1, 12, "一", func="201"), _fact(2, 10, None, func="201"), _fact(3, 11, "二", func="201")]
    (row,) = code_frame(Context(facts), []).itertuples()
    assert (row.source_line, row.source_page, row.row_label) == (10, 3, "一")  # SQL min of each, NULLs skipped


def _table(table_seq, scale, codes=("201", "20101", "205")):
    return [_fact(table_seq * 10 + i, i, None, func=code, amount=str(Decimal(amount) * scale), table_seq=table_seq,
                  kind=f"k{table_seq}")
            for i, (code, amount) in enumerate(zip(codes, ("1200.50", "300.25", "88.00")))]


def test_a_table_ten_thousand_times_off_two_others_is_misscaled():
    rows = misscaled_rows(Context(_table(1, 1) + _table(2, 1) + _table(3, Decimal("0.0001"))))
    assert rows == [(D, 3, "k3", 6, 6, "1/10,000 of", 2)]
    rows = misscaled_rows(Context(_table(1, 1) + _table(2, 1) + _table(3, 10000)))
    assert rows == [(D, 3, "k3", 6, 6, "10,000×", 2)]


def test_two_tables_apart_or_all_agreeing_or_a_factor_of_ten_is_not_misscaled():
    assert misscaled_rows(Context(_table(1, 1) + _table(2, 10000))) == []  # which of two is wrong is not known
    assert misscaled_rows(Context(_table(1, 1) + _table(2, 1) + _table(3, 1))) == []
    assert misscaled_rows(Context(_table(1, 1) + _table(2, 1) + _table(3, 10))) == []
    # one code agreeing with another table clears the table, however many disagree
    agreeing = _table(1, 1) + _table(2, 1) + _table(3, 10000, codes=("201", "20101", "206"))
    assert misscaled_rows(Context(agreeing)) == [(D, 3, "k3", 4, 4, "10,000×", 2)]
    agreeing.append(_fact(99, 9, None, func="206", amount="880000", table_seq=1, kind="k1"))
    assert misscaled_rows(Context(agreeing)) == []


def _insert_fact(con, document_id, seq, code, label, verified=None):
    con.execute("insert into fact_amount (document_id, fact_seq, unit_id, scope, table_kind, table_seq, func_code, measure, "
                "amount, amount_exact, unit_of_measure, original_unit, source_page, source_line, source_col, source_text, "
                "row_label, verified) values (?, ?, 'u1', 'department', 'expenditure', 1, ?, 'total', 5, 5, 'wan_yuan', "
                "'wan_yuan', 1, ?, 1, '5.00', ?, ?)", [document_id, seq, code, seq, label, verified])
    con.execute("insert or ignore into class_label values ('func', ?, ?, ?)", [code, label, document_id])


def test_code_frame_trusts_an_unlisted_code_a_verified_table_of_another_report_of_the_year_printed(tmp_path):
    from pipelines.validate.comparisons import scope
    from tests.validate.warehouse import DOC, one_document

    con = one_document(tmp_path / "w.duckdb", year=2026)
    for other, year in (("other2026", 2026), ("other2025", 2025)):
        con.execute("insert into dim_document (document_id, file_name, source_path, sha256, size_bytes, source_format, "
                    "status, year, stage, scope, unit_id, ingested_at) values (?, ?, ?, 'y', 1, 'pdf', 'loaded', ?, "
                    "'budget', 'department', 'u9', now())", [other, other, other, year])
    _insert_fact(con, "other2026", 1, "2010197", "自编项", verified=True)  # verified in a report of the same year
    _insert_fact(con, "other2025", 1, "2010198", "自编项二", verified=True)  # only in another year's report
    _insert_fact(con, DOC, 1, "2010197", "自编项")
    _insert_fact(con, DOC, 2, "2010198", "自编项二")
    _insert_fact(con, DOC, 3, "2010101", "行政运行")
    scope(con, [DOC])
    frame = code_frame(Context.load(con), [])
    assert {r.code: (r.verified_elsewhere, r.known) for r in frame.itertuples()} == {
        "2010197": (True, True), "2010198": (False, False), "2010101": (False, True)}
