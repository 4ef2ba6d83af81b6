"""A validation of many documents runs in batches (pipelines/validate/report.py: the rule engine holds a batch's
facts as Python rows): batches of two documents record exactly what one batch records, and the merged report
says what one report says."""

import pytest

import pipelines.validate.report as report
from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.runner import validate_documents
from tests.conftest import SAMPLES

STATE = {
    "dq": "select document_id, \"check\", severity, passed, expected, observed, detail, table_kind, source_page, "
          "source_line, row_label from dq_results order by all",
    "facts": "select document_id, fact_seq, verified, verified_by, broken_by from fact_amount order by all",
    "tables": "select document_id, table_seq, verified_facts, unverified_facts, quarantine_reason from doc_table "
              "order by all",
    "documents": "select document_id, status, status_reason from dim_document order by all",
}


def _validated(path, monkeypatch, batch_documents):
    monkeypatch.setattr(report, "BATCH_DOCUMENTS", batch_documents)
    con = connect(path)
    for sample in SAMPLES.values():
        ingest_file(con, sample)
    result = validate_documents(con)
    state = {name: con.execute(query).fetchall() for name, query in STATE.items()}
    con.close()
    return result, state


@pytest.fixture(scope="module")
def one_and_two(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        whole = _validated(tmp_path_factory.mktemp("whole") / "w.duckdb", monkeypatch, 500)
        pairs = _validated(tmp_path_factory.mktemp("pairs") / "w.duckdb", monkeypatch, 2)
    return whole, pairs


def test_batches_record_what_one_batch_records(one_and_two):
    (_, whole), (_, pairs) = one_and_two
    assert pairs == whole
    assert sum(verified is True for _, _, verified, _, _ in whole["facts"]) > 500
    # XD01 compares the 包头 2025 budget with the 2024 final of another document, whatever batch each is in
    assert any("XD01" in (by or "") for _, _, _, by, _ in whole["facts"])


def test_the_merged_report_says_what_one_report_says(one_and_two):
    (whole, _), (pairs, _) = one_and_two
    assert sorted(pairs.document_ids) == sorted(whole.document_ids) and len(whole.document_ids) == 4
    assert pairs.counts == whole.counts and pairs.quarantined == whole.quarantined
    columns = list(whole.findings.columns)
    assert pairs.findings.sort_values(columns).reset_index(drop=True).equals(
        whole.findings.sort_values(columns).reset_index(drop=True))
    for name, stats in whole.suites.items():
        assert pairs.suites[name]["success"] == stats["success"], name
        for key in ("comparisons", "rows", "codes"):
            assert pairs.suites[name].get(key) == stats.get(key), (name, key)
