"""gx.configurations_computed_once (issue 15 part 4: GX's cost per expectation) changes no result:
the same validation inside and outside it gives the same GX result, rows that break named alike."""

import pandas as pd

from pipelines.validate.gx import configurations_computed_once, import_great_expectations
from pipelines.validate.suites import suite_runner


def _validate(frame, expectations):
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    from great_expectations.validator.v1_validator import Validator

    gx = import_great_expectations()
    runner = suite_runner()
    suite = gx.ExpectationSuite(name="configurations_once")
    for expectation in expectations:
        suite.add_expectation_configuration(ExpectationConfiguration(**expectation))
    validator = Validator(runner._batch_definition("configurations_once"), batch_parameters={"dataframe": frame})
    validator.result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": []}
    result = validator.validate_expectation_suite(suite).to_json_dict()
    result.pop("meta")
    return result


def test_a_suite_with_breaks_gives_the_same_result_with_configurations_computed_once():
    frame = pd.DataFrame({"excess": [0.0, -1.5, 0.02, None], "measure": ["budget", "final", "bogus", None],
                          "code": ["201", "2010101", "2x1", None]})
    expectations = [
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "excess", "max_value": 0}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "measure", "value_set": ["budget", "final"]}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "code", "regex": r"^2\d{2}(?:\d{2}){0,2}$"}},
        {"type": "expect_column_values_to_be_null", "kwargs": {"column": "code"}},
    ]
    plain = _validate(frame, expectations)
    with configurations_computed_once():
        once = _validate(frame, expectations)
    assert once == plain
    # row 2 (excess 0.02, measure bogus, code 2x1) breaks the three row checks (row 3's nulls are left out);
    # to_be_null flags every code printed (rows 0-2)
    broken = [r["result"].get("unexpected_index_list") for r in plain["results"]]
    assert broken == [[2], [2], [2], [0, 1, 2]]


def test_outside_the_context_gx_builds_the_configuration_on_every_read():
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    import_great_expectations()
    expectation = ExpectationConfiguration(type="expect_column_values_to_be_null", kwargs={"column": "x"}).to_domain_obj()
    assert expectation.configuration is not expectation.configuration
    with configurations_computed_once():
        assert expectation.configuration is expectation.configuration
    assert expectation.configuration is not expectation.configuration
