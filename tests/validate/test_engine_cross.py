"""engine/cross.py on hand-placed rows: cross_document (a budget's 上年执行数 against the unit's final account of
the year before, read from the warehouse), operating_costs (OC01 ≤ / OC02 = by the report's body) and XT09's
printed_once / total_equal_in row conditions. The same templates reproduce the SQL rows on the samples, the real
corpus and generated reports (/tmp/golden, the port's check): e.g. XD01 baotou-hrss-dept-2025-budget p23 line 764
(401003 包头市社会保险事业服务中心 三公 上年执行数 0.17) = baotou-shebao-center-2024-final's 三公 决算 0.17."""

from __future__ import annotations

from decimal import Decimal as D

from pipelines.load import connect
from pipelines.validate.engine.context import Claim, Context, Document, Fact
from pipelines.validate.engine.cross import cross_document, cross_table, operating_costs
from pipelines.validate.rules import load_rules

RULES = {rule.id: rule for rule in load_rules()}


def _final_account(con, document_id: str, year: int, status: str, unit_id: str, facts) -> None:
    """A final account in the warehouse with its 三公 facts (item, measure, amount)."""
    con.execute("insert into dim_document (document_id, file_name, source_path, sha256, size_bytes, source_format, "
                "status, year, stage, scope, unit_id, ingested_at) values (?, ?, ?, 'x', 1, 'pdf', ?, ?, 'final', "
                "'unit', ?, now())", [document_id, document_id, document_id, status, year, unit_id])
    for seq, (item, measure, amount) in enumerate(facts, 1):
        con.execute("insert into fact_amount (document_id, fact_seq, unit_id, scope, table_kind, item, measure, amount, "
                    "amount_exact, unit_of_measure, original_unit, source_line, source_col, source_text) values "
                    "(?, ?, ?, 'unit', 'three_public', ?, ?, ?, ?, 'wan_yuan', 'wan_yuan', ?, 1, ?)",
                    [document_id, seq, unit_id, item, measure, amount, amount, seq, str(amount)])


def test_budget_prior_final_against_the_units_final_account_of_the_year_before(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    _final_account(con, "final2023", 2023, "loaded", "u1", [("official_reception", "final", "0.17"),
                                                           ("official_reception", "budget", "0.20"),
                                                           ("vehicle_operation", "final", "3.00")])
    _final_account(con, "quarantined2023", 2023, "quarantined", "u1", [("official_reception", "final", "9.00")])
    _final_account(con, "final2022", 2022, "loaded", "u1", [("official_reception", "final", "8.00")])
    _final_account(con, "other2023", 2023, "loaded", "u2", [("official_reception", "final", "7.00")])
    budget = Fact(document_id="budget2024", fact_seq=312, unit_id="u1", scope="unit", table_kind="three_public",
                  item="official_reception", measure="prior_final", amount=D("0.17"), source_line=764, source_page=23,
                  row_label="401003-包头市社会保险事业服务中心")
    not_loaded = budget._replace(document_id="superseded2024")
    ctx = Context([budget, not_loaded, budget._replace(fact_seq=313, measure="budget")],
                  documents=[Document("budget2024", 2024, "budget", "department", "loaded", "u0", "包头市人力资源和社会保障局"),
                             Document("superseded2024", 2024, "budget", "department", "superseded", "u0", "x")],
                  con=con)
    rows = cross_document(ctx, (RULES["XD01"],))
    assert [tuple(r) for r in rows] == [("XD01", "budget2024", "three_public", "official_reception 2023 vs final2023",
                                         D("0.17"), D("0.17"), 1, 764, 23, "401003-包头市社会保险事业服务中心", [312])]
    assert cross_document(ctx, (RULES["XD01"],)) == rows  # the finals are read once, then from the context's cache


def _basic(document_id: str, unit_id: str, scope: str, stage: str = "final"):
    """A Fact maker for one report's own rows."""
    def fact(seq, kind, measure, amount, *, item=None, econ_code=None, table_seq=1, own=True, line=None):
        return Fact(document_id=document_id, fact_seq=seq, unit_id=unit_id if own else "subordinate", scope=scope,
                    table_kind=kind, table_seq=table_seq, item=item, econ_code=econ_code, measure=measure,
                    amount=D(amount), source_line=line or seq, source_page=1, source_text=amount,
                    doc_unit_id=unit_id, doc_scope=scope, doc_stage=stage)
    return fact


def test_operating_costs_equal_in_an_administrative_units_report_at_most_elsewhere():
    a = _basic("bureau_unit", "ua", "unit")  # 某市财政局's unit report: OC02 (=), 公用经费 Σ its 类 302 + 310
    b = _basic("bureau_dept", "ub", "department")  # its department report: OC01 (≤), 公用经费合计 row
    c = _basic("nameless", "uc", "unit")  # a unit report without a unit name: neither (SQL NULL)
    d = _basic("old", "ud", "unit")  # a 2017 report: another 口径, not compared
    facts = [a(1, "gpb_basic_expenditure", "public_use", "30.00", econ_code="302", table_seq=5),
             a(2, "gpb_basic_expenditure", "public_use", "20.00", econ_code="310", table_seq=5),
             a(3, "gpb_basic_expenditure", "personnel", "99.00", econ_code="301", table_seq=5),
             a(4, "operating_costs", "final", "50.00", item="operating_costs_total", table_seq=6),
             a(5, "operating_costs", "budget", "55.00", item="operating_costs_total", table_seq=6),
             b(1, "gpb_basic_expenditure", "public_use", "80.00", item="total", table_seq=2),
             b(2, "gpb_basic_expenditure", "public_use", "80.00", item="public_use_total", table_seq=2),
             b(3, "gpb_basic_expenditure", "public_use", "60.00", econ_code="302", table_seq=2),
             b(4, "gpb_basic_expenditure", "public_use", "99.00", item="total", table_seq=7),
             b(5, "gpb_basic_expenditure", "public_use", "70.00", item="total", table_seq=1, own=False),
             b(6, "operating_costs", "amount", "75.00", item="operating_costs_total", table_seq=8),
             b(7, "operating_costs", "amount", "5.00", item="operating_costs_total", table_seq=8, own=False),
             c(1, "gpb_basic_expenditure", "public_use", "10.00", item="total"),
             c(2, "operating_costs", "amount", "10.00", item="operating_costs_total", table_seq=2),
             d(1, "gpb_basic_expenditure", "public_use", "10.00", item="total"),
             d(2, "operating_costs", "amount", "10.00", item="operating_costs_total", table_seq=2)]
    claims = [Claim("bureau_unit", 1, "operating_costs", 1, None, None, None, D("50"), 40, 3, "机关运行经费支出50万元"),
              Claim("bureau_dept", 1, "operating_costs", 2, None, None, None, D("1"), 41, 3, "a second-rank target")]
    documents = [Document("bureau_unit", 2024, "final", "unit", "loaded", "ua", "某市财政局"),
                 Document("bureau_dept", 2024, "final", "department", "loaded", "ub", "某市财政局"),
                 Document("nameless", 2024, "final", "unit", "loaded", "uc", None),
                 Document("old", 2017, "final", "unit", "loaded", "ud", "某市疾病预防控制中心")]
    rows = operating_costs(Context(facts, claims, documents=documents), (RULES["OC01"], RULES["OC02"]))
    got = sorted((r.rule_id, r.document_id, r.expected, r.observed, r.n_terms, r.source_line, sorted(r.fact_seqs), r.subject)
                 for r in rows)
    assert got == [
        ("OC01", "bureau_dept", D("80.00"), D("75.00"), 1, 6, [1, 2, 6],
         "机关运行经费 table 合计 75.00 against 一般公共预算基本支出 公用经费 80.00 (department report of 某市财政局)"),
        ("OC02", "bureau_unit", D("50.00"), D("50.00"), 2, 4, [1, 2, 4],
         "机关运行经费 table 合计 50.00 against 一般公共预算基本支出 公用经费 50.00 (unit report of 某市财政局)"),
        ("OC02", "bureau_unit", D("50.00"), D("50"), 2, 40, [1, 2],
         "机关运行经费支出50万元 against 一般公共预算基本支出 公用经费 50.00 (unit report of 某市财政局)")]


def test_xt09_compares_rows_printed_once_whose_totals_agree_in_both_tables():
    fact = _basic("d", "u", "department")
    expenditure = [("total", None, "200", "120", "80"), (None, "201", "100", "60", "40"), (None, "205", "80", "50", "30")]
    gpb = [("total", None, "190", "110", "80"), (None, "201", "100", "60", "39"), (None, "205", "70", "50", "20"),
           (None, "208", "20", "10", "10")]
    facts, seq = [], 0
    for kind, table_seq, rows in (("expenditure", 1, expenditure), ("gpb_expenditure", 2, gpb)):
        for item, code, *amounts in rows:
            for measure, amount in zip(("total", "basic", "project"), amounts):
                seq += 1
                facts.append(fact(seq, kind, measure, amount, item=item, table_seq=table_seq)._replace(func_code=code))
    # 支出表 prints 208 twice in 基本支出 (by 经济分类): not compared; once in 项目支出 and 合计: compared
    facts += [fact(101, "expenditure", "total", "20", table_seq=1)._replace(func_code="208"),
              fact(102, "expenditure", "basic", "4", table_seq=1)._replace(func_code="208"),
              fact(103, "expenditure", "basic", "6", table_seq=1)._replace(func_code="208"),
              fact(104, "expenditure", "project", "10", table_seq=1)._replace(func_code="208")]
    rows = cross_table(Context(facts), (RULES["XT09"],))
    got = sorted((r.subject, r.expected, r.observed, r.n_terms, len(r.fact_seqs)) for r in rows)
    assert got == [("201 basic", D("60"), D("60"), 1, 2), ("201 project", D("40"), D("39"), 1, 2),
                   ("208 project", D("10"), D("10"), 1, 2)]
    assert all(r.fact_seqs[0] in {f.fact_seq for f in facts if f.table_kind == "expenditure"} for r in rows)
