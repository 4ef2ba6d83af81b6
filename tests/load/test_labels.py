"""class_label: the names each report prints for its codes, written once per document with a plain
INSERT (no conflict lookups, which cost ~10 ms per report in a 10 M-fact warehouse)."""

import shutil

from pipelines.errors import RejectedInput
from pipelines.extract import extract_report
from pipelines.ingest import ingest_file
from pipelines.load import connect, record_rejection
from tests.conftest import SAMPLES


def printed_labels(path) -> set[tuple[str, str, str]]:
    report = extract_report(path)
    return {(system, code, f.row_label) for f in report.facts
            for system, code in (("func", f.func_code), ("econ", f.econ_code)) if code and f.row_label}


def test_labels_of_a_report_are_recorded_once(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    result = ingest_file(con, SAMPLES["baotou_budget"])
    assert ingest_file(con, SAMPLES["baotou_budget"]).status == "unchanged"  # the same bytes again: nothing written
    rows = con.execute("select system, code, label from class_label where document_id = ?", [result.document_id]).fetchall()
    con.close()
    assert len(rows) == len(set(rows)) and set(rows) == printed_labels(SAMPLES["baotou_budget"]) and rows


def test_a_report_loads_over_the_rejection_record_of_its_bytes(tmp_path):
    # the same bytes were rejected by an earlier run (e.g. an older reader): the record is replaced
    report = tmp_path / "haidong.txt"
    shutil.copy(SAMPLES["haidong_final"], report)
    con = connect(tmp_path / "w.duckdb")
    record_rejection(con, str(report), RejectedInput(str(report), "an older reader could not read it"))
    result = ingest_file(con, report)
    assert result.status == "loaded", result
    status, labels = con.execute(
        "select status, (select count(*) from class_label l where l.document_id = d.document_id) from dim_document d "
        "where document_id = ?", [result.document_id]).fetchone()
    con.close()
    assert status == "loaded" and labels == len(printed_labels(report))
