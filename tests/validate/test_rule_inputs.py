"""Only the rules whose inputs the documents hold are planned (issue 15 part 4: DuckDB plans every
subquery of the rule SQL even when it can yield nothing): the pruned query yields exactly the rows of
the full one, document by document, on the samples and on real files."""

import re
from pathlib import Path

import pytest

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.comparisons import _sql_rules_query, present_inputs, scope
from pipelines.validate.rules import Rule, _template_text, load_rules, percent_claim_ids, template_inputs
from tests.conftest import SAMPLES

REAL = Path(__file__).resolve().parents[3] / "shared" / "real"
RULES = {rule.id: rule for rule in load_rules()}


def test_inputs_from_params_and_template_header():
    assert RULES["RS03"].inputs() == (("kind:gpb_expenditure", "kind:fiscal_expenditure", "kind:gpb_expenditure_econ"),)
    assert RULES["XT01"].inputs() == (("kind:summary",), ("kind:expenditure",))  # both tables
    assert RULES["XD01"].inputs() == (("kind:three_public",),)
    assert RULES["OC01"].inputs() == (("kind:gpb_basic_expenditure",), ("kind:operating_costs", "claim:operating_costs"))
    assert RULES["NA02"].inputs() == (tuple(f"claim:{i}" for i in percent_claim_ids()),)
    assert RULES["CN01"].inputs() == ()  # code_names reads the facts only: always planned


def test_can_yield():
    oc = RULES["OC02"]
    assert not oc.can_yield(frozenset({"claim:operating_costs"}))  # no 基本支出表 to compare with
    assert not oc.can_yield(frozenset({"kind:gpb_basic_expenditure", "claim:class_name"}))
    assert oc.can_yield(frozenset({"kind:gpb_basic_expenditure", "claim:operating_costs"}))
    assert oc.can_yield(frozenset({"kind:gpb_basic_expenditure", "kind:operating_costs"}))
    assert not RULES["XT01"].can_yield(frozenset({"kind:summary"}))
    assert not RULES["NA01"].can_yield(frozenset({"kind:summary"})) and RULES["NA01"].can_yield(frozenset({"claim:basic"}))
    assert RULES["TB01"].can_yield(frozenset({"table:blank"})) and not RULES["TB01"].can_yield(frozenset({"claim:basic"}))
    assert Rule("X", "f", "warning", "code_names", "equal", "").can_yield(frozenset())


@pytest.mark.parametrize("template", sorted({rule.template for rule in load_rules()}))
def test_header_names_what_the_template_reads(template):
    """A claim id or table kind a header requires is one the template's SQL itself filters on (no drift)."""
    text = _template_text(template)
    for group in template_inputs(template):
        for name in group:
            kind, _, value = name.partition(":")
            if value == "*" or (kind == "claim" and value in percent_claim_ids()):
                assert "doc_claim" in text
            elif name == "table:blank":
                assert "amount_cells" in text
            else:
                assert re.search(rf"'{re.escape(value)}'", text), name


def _rows(con, query):
    """The query's rows, each fact_seqs list as a set (list() aggregates in no fixed order)."""
    return sorted(repr(tuple(sorted(v) if isinstance(v, list) else v for v in row)) for row in con.execute(query).fetchall())


def test_pruned_query_yields_the_same_rows(tmp_path):
    """Samples, guangdong-szczj (no 机关运行经费, no 功能分类 claims: OC01/OC02/NA05/CN02 pruned) and
    beijing-czj text (no table: only the claims' rules are planned)."""
    con = connect(tmp_path / "w.duckdb")
    paths = [*SAMPLES.values(), REAL / "guangdong-szczj-2026-budget.pdf", REAL / "beijing-czj-text-2026-budget.pdf"]
    ids = [ingest_file(con, path).document_id for path in paths]
    full = _sql_rules_query()
    pruned_somewhere = False
    for document_id in ids + [None]:
        scope(con, ids if document_id is None else [document_id])
        query = _sql_rules_query(present_inputs(con))
        pruned_somewhere |= query != full
        rows = _rows(con, query) if query else []
        assert rows == _rows(con, full), document_id
    assert pruned_somewhere
    con.close()
