"""Shared fixtures: the sample corpus extracted once, and a warehouse loaded from it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.extract import extract_report
from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = {
    "baotou_final": RAW / "baotou-shebao-center-2024-final.txt",
    "haidong_final": RAW / "haidong-shebao-bureau-2024-final.txt",
    "chaoyang_final": RAW / "chaoyang-shebao-center-2024-final.txt",
    "baotou_budget": RAW / "baotou-hrss-dept-2025-budget.txt",
}


@pytest.fixture(scope="session")
def reports():
    return {name: extract_report(path) for name, path in SAMPLES.items()}


def fact_keys(report) -> Counter:
    """A report's facts as a multiset of (keys, amount): what two renderings must share."""
    return Counter((f.table_kind, f.measure, f.func_code, f.econ_code, f.item, f.unit_name, f.scope, f.amount)
                   for f in report.facts)


def facts_where(report, unit_code=None, **keys):
    """Facts of a report matching every given key (table_kind, func_code, item, measure …)."""
    found = [
        f for f in report.facts
        if all(getattr(f, k) == v for k, v in keys.items()) and (unit_code is None or f.unit_code == unit_code)
    ]
    return found


def amount_of(report, unit_code=None, **keys) -> Decimal:
    found = facts_where(report, unit_code, **keys)
    if unit_code is None:
        found = [f for f in found if f.unit_code is None]
    assert len(found) == 1, f"expected one fact for {keys} (unit {unit_code}), found {len(found)}"
    return found[0].amount


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    con = connect(path)
    for file in expand_paths([RAW]):
        result = ingest_file(con, file)
        assert result.status == "loaded", result
    con.close()
    return path
