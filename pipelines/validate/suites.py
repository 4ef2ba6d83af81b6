"""Great Expectations suites (expectations/<family>.json), called directly (GX 1.x, no dagster-ge).

Identity families are checked on the comparison frame ("excess <= 0"); the schema suite on the
facts themselves; the codes suite on the classification codes each document uses.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.normalize.vocab import measure_codes
from pipelines.reference import load_yaml
from pipelines.validate.gx import configurations_computed_once, import_great_expectations
from pipelines.validate.rules import families

EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
# every table kind the reference data knows (the contract's kinds and the extensions in table_kinds.yaml)
CONTRACT_KINDS = sorted(load_yaml("table_kinds.yaml")["kinds"])


# Columns every fact must have (fact_amount's NOT NULL columns, checked again on what was loaded).
REQUIRED_COLUMNS = ("document_id", "unit_id", "scope", "table_kind", "measure", "amount", "unit_of_measure",
                    "source_line", "source_text")


def missing_required_sql() -> str:
    """SQL naming the required columns a fact row lacks ("amount,source_text"), null when none."""
    cases = ", ".join(f"case when {column} is null then '{column}' end" for column in REQUIRED_COLUMNS)
    return f"nullif(concat_ws(',', {cases}), '') as missing_required"


def _expect(kind: str, **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs}


def suite_definitions() -> dict[str, dict]:
    """Every suite as the JSON GX stores, generated from rules.yaml and the vocabularies."""
    suites = {
        "schema": [
            # one expectation for the nine required columns (GX charges ≈ 5 ms per expectation):
            # `missing_required` names the required columns a fact lacks, null when it lacks none
            _expect("expect_column_values_to_be_null", column="missing_required"),
            _expect("expect_column_values_to_be_in_set", column="table_kind", value_set=CONTRACT_KINDS),
            _expect("expect_column_values_to_be_in_set", column="measure", value_set=sorted(measure_codes())),
            _expect("expect_column_values_to_be_in_set", column="scope", value_set=["department", "department_total", "unit"]),
            _expect("expect_column_values_to_be_in_set", column="unit_of_measure", value_set=["count", "wan_yuan"]),
            _expect("expect_column_values_to_match_regex", column="func_code", regex=r"^2\d{2}(?:\d{2}){0,2}$"),
            _expect("expect_column_values_to_match_regex", column="econ_code", regex=r"^3\d{2}(?:\d{2}){0,2}$"),
            _expect("expect_column_values_to_match_regex", column="gov_econ_code", regex=r"^5\d{2}(?:\d{2})?$"),
            _expect("expect_column_values_to_be_in_set", column="item", value_set=sorted(load_yaml("items.yaml")["items"])),
        ],
        "codes": [
            # known: in the national list, or printed where the hierarchy sums around it hold (engine/codes.py)
            _expect("expect_column_values_to_be_in_set", column="known", value_set=[True]),
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
    failed_by_expectation: tuple[frozenset[int], ...] = ()  # per evaluated expectation, in suite order
    expectation_success: tuple[bool, ...] = ()  # per evaluated expectation, in suite order


def _applicable(expectations: list[dict], frame: pd.DataFrame) -> list[dict]:
    """Expectations on a column the frame lacks are left out."""
    return [e for e in expectations if "column" not in e["kwargs"] or e["kwargs"]["column"] in frame.columns]


_COMPLETE = {"result_format": "COMPLETE", "unexpected_index_column_names": []}


class SuiteRunner:
    """Runs suites with Great Expectations, directly (GX 1.x, no dagster-ge).

    GX's cost is per validation call and per expectation, not per row, so the runner keeps what
    can be kept for the life of the process (use `suite_runner()`): one ephemeral context, one
    pandas data source, one asset + batch definition per frame name, the suite objects. Suites run
    with result_format BOOLEAN_ONLY (cheaper than COMPLETE even for one expectation); only the
    expectations that fail run again with COMPLETE for the indexes of the rows that broke them."""

    def __init__(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        gx = import_great_expectations()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas("yjs")
        self._batches: dict[str, object] = {}
        self._suites: dict[tuple[str, str], object] = {}
        self._lock = threading.Lock()

    def _batch_definition(self, name: str):
        if name not in self._batches:
            self._batches[name] = self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        return self._batches[name]

    def _suite(self, name: str, expectations: list[dict]):
        key = (name, json.dumps(expectations, sort_keys=True, ensure_ascii=False))
        if key not in self._suites:
            from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

            suite = self._gx.ExpectationSuite(name=f"{name}_{len(self._suites)}")
            for expectation in expectations:
                suite.add_expectation_configuration(ExpectationConfiguration(**expectation))
            self._suites[key] = suite
        return self._suites[key]

    def run(self, name: str, frame: pd.DataFrame, expectations: list[dict] | None = None) -> SuiteOutcome:
        """Validate `frame` with suite `name` (expectations/<name>.json, or the expectations given);
        expectations on a column the frame lacks are left out, as before."""
        spec = _applicable(load_suite(name)["expectations"] if expectations is None else expectations, frame)
        from great_expectations.validator.v1_validator import Validator

        with self._lock, configurations_computed_once():
            # GX's own validator on the batch definition (what Batch.validate and ValidationDefinition.run
            # build): the frame becomes a batch once, and a rerun for the failing rows reuses it
            validator = Validator(self._batch_definition(name), batch_parameters={"dataframe": frame})
            indexes: dict[int, frozenset[int]] = {}
            if len(spec) == 1:  # one expectation: one COMPLETE pass costs less than BOOLEAN_ONLY + a rerun
                validator.result_format = _COMPLETE
                result = validator.validate_expectation_suite(self._suite(name, spec))
                failing = [0] if result.results and not result.results[0].success else []
                again = result
            else:
                validator.result_format = "BOOLEAN_ONLY"
                result = validator.validate_expectation_suite(self._suite(name, spec))
                failing = [i for i, item in enumerate(result.results) if not item.success]
                if failing:
                    validator.result_format = _COMPLETE
                    again = validator.validate_expectation_suite(self._suite(name, [spec[i] for i in failing]))
            if failing:
                for i, item in zip(failing, again.results):
                    indexes[i] = frozenset(int(x) for x in item.result.get("unexpected_index_list") or [])
        failed_types = tuple(f"{spec[i]['type']}({spec[i]['kwargs'].get('column')})" for i in failing)
        per_expectation = tuple(indexes.get(i, frozenset()) for i in range(len(spec)))
        return SuiteOutcome(name, bool(result.success), len(result.results), frozenset().union(*per_expectation),
                            failed_types, dict(result.statistics), per_expectation,
                            tuple(bool(item.success) for item in result.results))

    def run_families(self, frame: pd.DataFrame, others: dict | None = None) -> dict[str, SuiteOutcome]:
        """Every rule family's suite on its rows of the comparison frame (failed_rows: indexes of `frame`),
        and the suites of `others` (name → (frame, expectations or None), as run_together) in the same call.

        One GX call for all families whose suites are the same (today all: `excess <= 0`): a row-wise
        expectation run over the union of the families' rows flags exactly the rows it flags family by
        family; each family still gets the statistics of its own suite on its own rows."""
        others = dict(others or {})
        rows = dict(frame.groupby("family", sort=False).groups.items())
        specs = {family: load_suite(family)["expectations"] for family in rows}
        if set(rows) & set(others) or "comparisons" in others:
            raise ValueError(f"suite names {sorted(set(rows) & set(others))} are both rule families and other suites")
        outcomes: dict[str, SuiteOutcome] = {}
        if len({json.dumps(s, sort_keys=True) for s in specs.values()}) > 1:  # families with suites of their own
            for family, index in rows.items():
                own = self.run(family, frame.loc[index].reset_index(drop=True))
                positions = list(index)
                failed = tuple(frozenset(int(positions[i]) for i in f) for f in own.failed_by_expectation)
                outcomes[family] = SuiteOutcome(family, own.success, own.evaluated, frozenset().union(*failed),
                                                own.failed_expectations, own.statistics, failed,
                                                own.expectation_success)
            return {**outcomes, **(self.run_together(others) if others else {})}
        if not rows:
            return self.run_together(others) if others else outcomes
        spec = _applicable(next(iter(specs.values())), frame)
        together = self.run_together({"comparisons": (frame, spec), **others})
        combined = together.pop("comparisons")
        for family, index in rows.items():
            mine = set(index)
            failed = tuple(frozenset(i for i in broken if i in mine) for broken in combined.failed_by_expectation)
            # an expectation that failed without naming rows (an error inside GX) fails every family
            bad = [i for i, (f, ok, broken) in enumerate(zip(failed, combined.expectation_success,
                                                             combined.failed_by_expectation))
                   if f or (not ok and not broken)]
            statistics = {"evaluated_expectations": len(failed), "successful_expectations": len(failed) - len(bad),
                          "unsuccessful_expectations": len(bad),
                          "success_percent": 100.0 * (len(failed) - len(bad)) / len(failed) if failed else None}
            names = tuple(f"{spec[i]['type']}({spec[i]['kwargs'].get('column')})" for i in bad)
            outcomes[family] = SuiteOutcome(family, not bad, len(failed), frozenset().union(*failed), names,
                                            statistics, failed, tuple(i not in bad for i in range(len(failed))))
        return {**outcomes, **together}

    def run_together(self, parts: dict[str, tuple[pd.DataFrame, list[dict] | None]]) -> dict[str, SuiteOutcome]:
        """Several suites in ONE GX validation call (GX's cost is per call and per expectation).

        parts: suite name → (frame, expectations; None: expectations/<name>.json). The frames are
        stacked into one batch, each suite's columns renamed `<suite>__<column>` and null on the other
        suites' rows: every expectation here is row-wise and leaves nulls out (to_be_null passes a null),
        so it flags exactly the rows it flags on its own frame. Each suite gets its expectations'
        results back, row indexes of its own frame, and the statistics of its own suite."""
        specs = {name: _applicable(load_suite(name)["expectations"] if spec is None else spec, frame)
                 for name, (frame, spec) in parts.items()}
        stacked, spec, owner, offset = [], [], [], 0
        for name, (frame, _) in parts.items():
            columns = sorted({e["kwargs"]["column"] for e in specs[name] if "column" in e["kwargs"]})
            block = frame[columns].rename(columns={c: f"{name}__{c}" for c in columns}).reset_index(drop=True)
            stacked.append(block.set_axis(range(offset, offset + len(block))))
            spec += [{**e, "kwargs": {**e["kwargs"], "column": f"{name}__{e['kwargs']['column']}"}} for e in specs[name]]
            owner.append((name, offset, len(block), len(specs[name])))
            offset += len(block)
        together = self.run("together", pd.concat(stacked), spec)
        outcomes, first = {}, 0
        for name, start, rows, count in owner:
            failed = tuple(frozenset(i - start for i in broken if start <= i < start + rows)
                           for broken in together.failed_by_expectation[first:first + count])
            success = together.expectation_success[first:first + count]
            own = spec[first:first + count]
            first += count
            bad = [i for i, ok in enumerate(success) if not ok]
            statistics = {"evaluated_expectations": count, "successful_expectations": count - len(bad),
                          "unsuccessful_expectations": len(bad),  # success_percent as GX computes it
                          "success_percent": (count - len(bad)) / count * 100 if count else None}
            names = tuple(f"{own[i]['type']}({own[i]['kwargs']['column'].split('__', 1)[1]})" for i in bad)
            outcomes[name] = SuiteOutcome(name, not bad, count, frozenset().union(*failed), names, statistics,
                                          failed, success)
        return outcomes


_RUNNER: SuiteRunner | None = None
_RUNNER_LOCK = threading.Lock()


def suite_runner() -> SuiteRunner:
    """The process's SuiteRunner (GX context, data source, batch definitions and suites made once)."""
    global _RUNNER
    with _RUNNER_LOCK:
        if _RUNNER is None:
            _RUNNER = SuiteRunner()
        return _RUNNER
