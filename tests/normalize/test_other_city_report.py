"""A report of the same templates for another city (written for the tests, in 元, with its own
layout quirks) loads with the same code: nothing is special-cased for the four samples."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pipelines.extract import extract_report
from tests.conftest import FIXTURES, facts_where

REPORT = FIXTURES / "reports" / "baoji-employment-center-2023-final.txt"
EXPECTED = yaml.safe_load(Path(str(REPORT).replace(".txt", ".expected.yaml")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def baoji():
    return extract_report(REPORT)


def test_metadata(baoji):
    meta = baoji.meta
    expected = EXPECTED["document"]
    assert (meta.unit_name, meta.region, meta.year, meta.stage, meta.scope, meta.money_unit) == (
        expected["unit_name"], expected["region"], expected["year"], expected["stage"], expected["scope"], expected["money_unit"])


def test_tables_found_by_title_despite_wrong_numbers_radicals_and_ocr(baoji):
    kinds = [t.table.kind for t in baoji.tables if t.status != "not_extracted"]
    assert kinds == EXPECTED["tables_found"]
    assert sorted(t.table.kind for t in baoji.tables if t.status == "empty") == sorted(EXPECTED["empty_tables"])


@pytest.mark.parametrize("expected", EXPECTED["facts"], ids=lambda e: e["where"])
def test_hand_picked_figure(baoji, expected):
    keys = {k: expected[k] for k in ("table_kind", "func_code", "econ_code", "item", "measure") if k in expected}
    found = [f for f in facts_where(baoji, **keys) if f.unit_code is None]
    assert [f.amount for f in found] == [Decimal(expected["amount"])]
    assert found[0].original_unit == "yuan"


def test_yuan_are_converted_and_lineage_kept(baoji):
    # 公开01表 一、一般公共预算财政拨款收入 printed "6,715,900.00" (元) → 671.59 万元
    fact = next(f for f in baoji.facts if f.table_kind == "summary" and f.item == "general_public_budget_grant")
    assert fact.source_text == "6,715,900.00" and fact.amount == Decimal("671.59")


def test_no_extraction_errors(baoji):
    assert [f for f in baoji.all_findings if f.severity == "error"] == []
