"""Every fact's amount is the number printed in its source cell; blanks give no facts."""

from decimal import Decimal

from pipelines.normalize.amounts import TO_WAN_YUAN, parse_amount
from pipelines.textnorm import normalize_text


def test_every_fact_amount_is_printed_in_its_source_cell(reports):
    checked = 0
    for report in reports.values():
        lines = report.source.path and open(report.source.path, encoding="utf-8").read().split("\n")
        for fact in report.facts:
            raw = lines[fact.source_line - 1].split("\t")[fact.source_col - 1]
            assert normalize_text(raw) == normalize_text(fact.source_text)
            printed = parse_amount(raw)
            assert printed is not None, (fact, raw)
            factor = Decimal(1) if fact.unit_of_measure == "count" else TO_WAN_YUAN[fact.original_unit]
            assert printed * factor == fact.amount, (fact, raw)
            checked += 1
    assert checked > 800


def test_no_fact_comes_from_a_blank_or_dash_cell(reports):
    for report in reports.values():
        for fact in report.facts:
            assert fact.source_text.strip() not in ("", "—", "-", "--")


def test_fact_keys_are_unique_per_document(reports):
    for report in reports.values():
        keys = [(f.unit_code, f.unit_name, f.table_kind, f.func_code, f.econ_code, f.item, f.measure) for f in report.facts]
        assert len(keys) == len(set(keys))


def test_every_fact_has_exactly_one_key_kind(reports):
    for report in reports.values():
        for fact in report.facts:
            assert (fact.func_code, fact.econ_code, fact.item).count(None) == 2, fact
