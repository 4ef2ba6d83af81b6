"""Tamper test: each variant with one number changed is flagged by the rule that should catch it,
pointing at the changed line; the untampered samples raise no warning or error of those rules
except the real inconsistencies listed in KNOWN_REAL_FINDINGS."""

import sys
from pathlib import Path

import pytest

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.runner import validate_documents
from tests.conftest import RAW

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from tamper import load_cases, write_variants  # noqa: E402

CASES = load_cases(Path(__file__).with_name("tamper_cases.yaml"))


@pytest.fixture(scope="module")
def flagged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tamper")
    variants = write_variants(folder / "variants", CASES, RAW)
    con = connect(folder / "w.duckdb")
    documents = {}
    for case_id, path in variants.items():
        result = ingest_file(con, path)
        assert result.status == "loaded", result
        documents[case_id] = result.document_id
    validate_documents(con, list(documents.values()))
    rows = con.execute(
        "select document_id, \"check\", source_line from dq_results "
        "where severity in ('warning', 'error') or (severity = 'info' and not passed)"  # CN02: information, not an error
    ).fetchall()
    con.close()
    found: dict[str, set[tuple[str, int | None]]] = {}
    for document_id, check, line in rows:
        found.setdefault(document_id, set()).add((check, line))
    return documents, found


def test_at_least_twenty_variants():
    assert len(CASES) >= 20
    assert {c["file"] for c in CASES} == {p.name for p in RAW.glob("*.txt")}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_variant_is_flagged_by_its_rule_at_the_changed_cell(flagged, case):
    documents, found = flagged
    expected = (case["rule"], case.get("source_line", case["line"]))
    assert expected in found.get(documents[case["id"]], set()), sorted(found.get(documents[case["id"]], set()))


# Real inconsistencies of the untampered samples (each checked by hand), as (file, rule, line).
KNOWN_REAL_FINDINGS = {
    # 三公 shares: 公务接待费 2.56 / 29.10 = 8.80 % (8.78–8.82 % for any unrounded cells), printed 8.83 %:
    # the report made its three shares add up to 100 % (0 % + 91.17 % + 8.83 %).
    ("baotou-hrss-dept-2025-budget.txt", "NA02", 334),
    # TB01: the contents page (目录) lists tables the report does not print anywhere: 包头 2024 final
    # line 43 "二、收入决算表" (the text goes from 收入支出决算总表, line 433, to 支出决算表); 2025 budget
    # lines 42 "二、收入总表", 58 "十、项目支出表", 62 "十二、政府采购预算表" (part five prints the other nine).
    ("baotou-shebao-center-2024-final.txt", "TB01", 43),
    ("baotou-hrss-dept-2025-budget.txt", "TB01", 42),
    ("baotou-hrss-dept-2025-budget.txt", "TB01", 58),
    ("baotou-hrss-dept-2025-budget.txt", "TB01", 62),
}


def test_untampered_samples_have_no_identity_warnings(warehouse):
    con = connect(warehouse)
    report = validate_documents(con)
    names = dict(con.execute("select document_id, file_name from dim_document").fetchall())
    con.close()
    raised = report.findings[report.findings["severity"].isin(["warning", "error"])]
    assert {(names[r.document_id], r.check, r.source_line) for r in raised.itertuples()} == KNOWN_REAL_FINDINGS
