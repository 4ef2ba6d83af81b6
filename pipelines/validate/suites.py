"""Great Expectations suites (expectations/<family>.json), called directly (GX 1.x, no dagster-ge).

Identity families are checked on the comparison frame ("excess <= 0"); the schema suite on the
facts themselves; the codes suite on the classification codes each document uses.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.normalize.vocab import measure_codes
from pipelines.reference import load_yaml
from pipelines.validate.rules import families

EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
CONTRACT_KINDS = sorted({
    "summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure", "gpb_basic_expenditure",
    "gpb_project_expenditure", "gov_fund", "soe_capital", "three_public", "operating_costs", "procurement",
    "assets", "performance"})


def _expect(kind: str, **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs}


def suite_definitions() -> dict[str, dict]:
    """Every suite as the JSON GX stores, generated from rules.yaml and the vocabularies."""
    suites = {
        "schema": [
            *(_expect("expect_column_values_to_not_be_null", column=c) for c in (
                "document_id", "unit_id", "scope", "table_kind", "measure", "amount", "unit_of_measure",
                "source_line", "source_text")),
            _expect("expect_column_values_to_be_in_set", column="table_kind", value_set=CONTRACT_KINDS),
            _expect("expect_column_values_to_be_in_set", column="measure", value_set=sorted(measure_codes())),
            _expect("expect_column_values_to_be_in_set", column="scope", value_set=["department", "department_total", "unit"]),
            _expect("expect_column_values_to_be_in_set", column="unit_of_measure", value_set=["count", "wan_yuan"]),
            _expect("expect_column_values_to_match_regex", column="func_code", regex=r"^2\d{2}(?:\d{2}){0,2}$"),
            _expect("expect_column_values_to_match_regex", column="econ_code", regex=r"^3\d{2}(?:\d{2})?$"),
            _expect("expect_column_values_to_be_in_set", column="item", value_set=sorted(load_yaml("items.yaml")["items"])),
        ],
        "codes": [
            _expect("expect_column_values_to_be_in_set", column="in_dictionary", value_set=[True]),
            _expect("expect_column_values_to_be_in_set", column="parent_printed", value_set=[True]),
        ],
    }
    for family in families():
        suites[family] = [_expect("expect_column_values_to_be_between", column="excess", max_value=0)]
    return {
        name: {"name": name, "expectations": expectations, "meta": {"generated_from": "pipelines/reference/rules.yaml"}}
        for name, expectations in suites.items()
    }


def write_suites() -> list[Path]:
    """Regenerate expectations/*.json (run after changing rules.yaml or the vocabularies)."""
    EXPECTATIONS_DIR.mkdir(exist_ok=True)
    paths = []
    for name, suite in suite_definitions().items():
        path = EXPECTATIONS_DIR / f"{name}.json"
        path.write_text(json.dumps(suite, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def load_suite(name: str) -> dict:
    return json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    success: bool
    evaluated: int
    failed_rows: frozenset[int]  # row indexes of the frame that broke an expectation
    failed_expectations: tuple[str, ...]
    statistics: dict


class SuiteRunner:
    """One ephemeral GX context per validation run."""

    def __init__(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas("yjs")
        self._count = 0

    def run(self, name: str, frame: pd.DataFrame) -> SuiteOutcome:
        from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

        gx = self._gx
        spec = load_suite(name)
        suite = gx.ExpectationSuite(name=f"{name}_{self._count}")
        for expectation in spec["expectations"]:
            if "column" in expectation["kwargs"] and expectation["kwargs"]["column"] not in frame.columns:
                continue
            suite.add_expectation_configuration(ExpectationConfiguration(**expectation))
        self._count += 1
        asset = self.source.add_dataframe_asset(f"{name}_{self._count}")
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": []})
        failed: set[int] = set()
        failed_types = []
        for item in result.results:
            if not item.success:
                failed_types.append(f"{item.expectation_config.type}({item.expectation_config.kwargs.get('column')})")
                failed.update(int(i) for i in item.result.get("unexpected_index_list") or [])
        return SuiteOutcome(name, bool(result.success), len(result.results), frozenset(failed),
                            tuple(failed_types), dict(result.statistics))
