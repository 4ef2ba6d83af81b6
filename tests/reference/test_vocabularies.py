"""The YAML vocabularies load and refer only to codes that exist."""

import pytest
import yaml

from pipelines.normalize.vocab import measure_codes
from pipelines.reference import REFERENCE_DIR, load_yaml

CONTRACT_KINDS = {"gpb_expenditure_econ", "gpb_basic_expenditure_func", "fiscal_expenditure", "fiscal_basic_expenditure",
                  "basic_expenditure", "project_list", "purchase_services", "carryover", "expenditure_detail", "expenditure_econ",
                  "special_funds", "summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure", "gpb_basic_expenditure",
                  "gpb_project_expenditure", "gov_fund", "soe_capital", "three_public", "operating_costs",
                  "procurement", "assets", "performance"}


def test_table_kinds_are_contract_kinds_or_combined():
    kinds = load_yaml("table_kinds.yaml")["kinds"]
    for kind, spec in kinds.items():
        assert kind in CONTRACT_KINDS or spec.get("row_kinds"), kind
        assert spec["aliases"] and spec["layout"]


def test_items_refer_to_known_kinds_items_and_units():
    items = load_yaml("items.yaml")["items"]
    for code, spec in items.items():
        assert spec.get("kind") in (None, *CONTRACT_KINDS), code
        assert spec.get("table") in (None, *CONTRACT_KINDS), code
        assert spec.get("uom", "wan_yuan") in ("wan_yuan", "count")
        for child in (spec.get("children") or {}).values():
            assert child in items, (code, child)


def test_three_public_parts_are_items_and_measures_have_labels():
    items = load_yaml("items.yaml")["items"]
    for part in load_yaml("three_public.yaml")["parts"]:
        assert part["item"] in items
        for sub in part.get("sub_parts", []):
            assert sub["item"] in items
    measures = measure_codes()
    assert all(label for label in measures.values())
    for code in ("total", "amount", "basic", "project", "personnel", "public_use", "gpb", "budget", "final",
                 "prior_budget", "prior_final"):
        assert code in measures


@pytest.mark.parametrize("name", sorted(p.name for p in REFERENCE_DIR.glob("*.yaml")))
def test_reference_yaml_loads_as_the_pure_python_safe_loader_reads_it(name):
    """load_yaml uses libyaml's CSafeLoader when it is there; the documents must be the same."""
    text = (REFERENCE_DIR / name).read_text(encoding="utf-8")
    assert load_yaml(name) == yaml.load(text, Loader=yaml.SafeLoader)
