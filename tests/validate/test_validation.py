"""Validation end to end: findings in dq_results, quarantine, `yjs validate` exit codes, `yjs docs`."""

import sys
from pathlib import Path

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.runner import validate_documents
from pipelines.validate.suites import suite_definitions, load_suite
from tests.conftest import SAMPLES
from tests.test_cli import run

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from tamper import load_cases, tamper  # noqa: E402

CASES = {c["id"]: c for c in load_cases(Path(__file__).with_name("tamper_cases.yaml"))}


def test_committed_suites_match_the_rules():
    for name, suite in suite_definitions().items():
        assert load_suite(name) == suite, f"expectations/{name}.json is stale: run write_suites()"


def test_schema_suite_names_the_facts_that_break_it(tmp_path):
    # fact_amount's NOT NULL keeps nulls out of the warehouse, so the suite is run on loaded facts
    # with two broken on purpose: an unknown measure (the DDL cannot know the vocabulary) and a
    # missing source_text (as a reader bug that bypassed the DDL would leave it)
    import duckdb

    from pipelines.validate.runner import SCHEMA_COLUMNS
    from pipelines.validate.suites import missing_required_sql, suite_runner

    con = connect(tmp_path / "w.duckdb")
    ingest_file(con, SAMPLES["haidong_final"])
    facts = con.execute("select * from fact_amount").df()
    con.close()
    facts.loc[3, "measure"] = "bogus_measure"
    facts.loc[7, "source_text"] = None
    memory = duckdb.connect()
    memory.register("fact_frame", facts)
    frame = memory.execute(f"select {', '.join(SCHEMA_COLUMNS)}, {missing_required_sql()} from fact_frame").df()
    outcome = suite_runner().run("schema", frame)
    assert not outcome.success
    assert outcome.failed_rows == {3, 7}
    assert set(outcome.failed_expectations) == {"expect_column_values_to_be_null(missing_required)",
                                                "expect_column_values_to_be_in_set(measure)"}
    assert frame.loc[7, "missing_required"] == "source_text"


def test_rounding_differences_are_listed_as_info_not_warnings(warehouse):
    # 朝阳 01 八、社会保障和就业支出 1,968.10 vs 03 208 本年支出合计 1,968.11: within 尾数误差 (±0.01)
    con = connect(warehouse)
    report = validate_documents(con)
    rows = con.execute("select severity, expected, observed from dq_results where \"check\" = 'XT01'").fetchall()
    con.close()
    assert ("info", "1968.10", "1968.11") in rows
    assert report.errors == 0 and report.quarantined == []


def test_an_unread_row_is_a_coverage_gap_not_a_quarantine(tmp_path):
    # a wide 三公 row that fits no alignment (海东 三公 table, the 1.2 → 1.5 tamper) is not loaded: a
    # coverage gap listed in dq_results; the document's other 200-odd facts stay in v_facts (issue 15)
    case = CASES["three_public_wide_part"]
    broken = tmp_path / "broken.txt"
    broken.write_text(tamper(SAMPLES["haidong_final"].read_text(encoding="utf-8"), case), encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    good = ingest_file(con, SAMPLES["baotou_final"])
    bad = ingest_file(con, broken)
    report = validate_documents(con)
    status = dict(con.execute("select document_id, status from dim_document").fetchall())
    in_facts = con.execute("select count(*) from v_facts where document_id = ?", [bad.document_id]).fetchone()[0]
    hidden = con.execute("select count(*) from v_facts_quarantined where document_id = ?", [bad.document_id]).fetchone()[0]
    facts_pct, gaps = con.execute("select facts_pct, coverage_gaps from v_document_coverage where document_id = ?",
                                  [bad.document_id]).fetchone()
    con.close()
    assert report.quarantined == []
    assert status == {good.document_id: "loaded", bad.document_id: "loaded"}
    assert in_facts == bad.facts > 200 and hidden == 0
    assert gaps >= 1 and facts_pct < 100


def test_yjs_validate_exit_codes_and_docs(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    assert run(["ingest", str(SAMPLES["chaoyang_final"])], warehouse).returncode == 0
    clean = run(["validate"], warehouse)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 errors" in clean.stdout
    broken = tmp_path / "broken.txt"
    broken.write_text(tamper(SAMPLES["haidong_final"].read_text(encoding="utf-8"), CASES["three_public_wide_part"]),
                      encoding="utf-8")
    run(["ingest", str(broken)], warehouse)
    failing = run(["validate"], warehouse)
    assert failing.returncode == 1
    assert "extract.row_misaligned" in failing.stdout and "broken.txt" in failing.stdout
    built = run(["docs", "--out", str(tmp_path / "docs")], warehouse)
    assert built.returncode == 0, built.stderr
    rules = (tmp_path / "docs" / "rules.html").read_text(encoding="utf-8")
    assert "RS02" in rules and "XD01" in rules and "NA01" in rules
    assert (tmp_path / "docs" / "gx" / "index.html").exists()
    assert list((tmp_path / "docs" / "gx" / "validations").rglob("*.html"))


def test_unknown_column_is_a_coverage_gap_with_what_was_found(tmp_path):
    # 公开02表 with a column nobody knows ("神秘收入") holding numbers: its cells are not loaded, the
    # finding says so, and coverage counts them as printed but not read; the rest stays visible
    text = SAMPLES["haidong_final"].read_text(encoding="utf-8").replace(
        "项目\t\t本年收入合\t财政拨款收\t上级补助收\t事业收\t经营收\t附属单位上缴收\t其他收入",
        "项目\t\t本年收入合\t财政拨款收\t上级补助收\t事业收\t经营收\t附属单位上缴收\t神秘收入", 1)
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    result = ingest_file(con, path)
    report = validate_documents(con)
    found = con.execute("select \"check\", severity, detail from dq_results where \"check\" = 'extract.column_unmapped'").fetchall()
    visible = con.execute("select count(*) from v_facts").fetchone()[0]
    printed, facts = con.execute("select printed_cells, facts from v_coverage where table_kind = 'income'").fetchone()
    con.close()
    assert report.quarantined == []
    assert found and found[0][1] == "error" and "神秘收入" in found[0][2]
    assert visible == result.facts > 0
    assert printed > facts


def test_a_final_loaded_after_its_budget_rechecks_the_budget(tmp_path):
    # XD01: the 2025 budget (包头 人社局) prints 401003 社会保险事业服务中心's 2024 三公 执行数 0.17 (公开07表);
    # that unit's 2024 final, loaded later with 公务接待费 决算 0.27 instead of 0.17 (三公 table, 3.公务接待费 and
    # （1）国内接待费), must flag the budget when only the final is validated, not at the next full revalidation.
    text = SAMPLES["baotou_final"].read_text(encoding="utf-8")
    changed = text.replace("3.公务接待费\t7\t0.20\t0.20\t0.17\t0.20\t0.20\t0.17",
                           "3.公务接待费\t7\t0.20\t0.20\t0.27\t0.20\t0.20\t0.27", 1)
    assert changed != text
    final = tmp_path / "baotou-final-changed.txt"
    final.write_text(changed, encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    budget = ingest_file(con, SAMPLES["baotou_budget"])
    validate_documents(con, [budget.document_id])
    before = con.execute("select count(*) from dq_results where \"check\" = 'XD01'").fetchone()[0]
    loaded = ingest_file(con, final)
    report = validate_documents(con, [loaded.document_id])
    found = con.execute("select document_id, expected, observed, detail from dq_results where \"check\" = 'XD01' "
                        "and severity = 'warning'").fetchall()
    con.close()
    assert before == 0  # no final loaded yet: nothing to compare
    assert budget.document_id in report.document_ids
    assert [(d, e, o) for d, e, o, _ in found] == [(budget.document_id, "0.17", "0.27")]
