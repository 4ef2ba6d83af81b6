"""Only the rules whose inputs the documents hold are evaluated (a template whose inputs are absent is not run at
all): the pruned evaluation yields exactly the rows of the full one, document by document, on the samples and on
real files; and a template evaluated once for several rules yields what each rule yields alone."""

from pathlib import Path

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.reference import load_yaml
from pipelines.validate.comparisons import scope
from pipelines.validate.engine import evaluate, templates
from pipelines.validate.engine.context import Context
from pipelines.validate.rules import Rule, load_rules, percent_claim_ids, template_inputs
from tests.conftest import SAMPLES

REAL = Path(__file__).resolve().parents[3] / "shared" / "real"
RULES = {rule.id: rule for rule in load_rules()}


def test_inputs_from_params_and_template_lines():
    assert RULES["RS03"].inputs() == (("kind:gpb_expenditure", "kind:fiscal_expenditure", "kind:gpb_expenditure_econ"),)
    assert RULES["XT01"].inputs() == (("kind:summary",), ("kind:expenditure",))  # both tables
    assert RULES["XD01"].inputs() == (("kind:three_public",),)
    assert RULES["OC01"].inputs() == (("kind:gpb_basic_expenditure",), ("kind:operating_costs", "claim:operating_costs"))
    assert RULES["NA02"].inputs() == (tuple(f"claim:{i}" for i in percent_claim_ids()),)
    assert RULES["CN01"].inputs() == ()  # code_names reads the facts only: always evaluated


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


def test_template_inputs_name_known_kinds_and_claims():
    """A template's rows_only_with names table kinds and claim ids the reference data knows (no drift)."""
    kinds = set(load_yaml("table_kinds.yaml")["kinds"])
    claims = {c["id"] for spec in load_yaml("narrative_claims.yaml").values() if isinstance(spec, list)
              for c in spec if isinstance(c, dict) and "id" in c} | {"class_figure", "class_name", "listed_table",
                                                                    "operating_costs"}
    for name in templates():
        for group in template_inputs(name):
            for item in group:
                kind, _, value = item.partition(":")
                assert (kind == "kind" and value in kinds) or (kind == "claim" and (value == "*" or value in claims)) \
                    or item == "table:blank", (name, item)


def _rows(ctx, rules):
    """The rows, each fact_seqs list as a set (an aggregate's order is not fixed)."""
    return sorted(repr(tuple(sorted(v) if isinstance(v, list) else v for v in (row.values() if isinstance(row, dict)
                                                                                  else row))) for row in evaluate(ctx, rules))


def test_pruned_evaluation_yields_the_same_rows(tmp_path):
    """Samples, guangdong-szczj (no 机关运行经费, no 功能分类 claims: OC01/OC02/NA05/CN02 pruned) and
    beijing-czj text (no table: only the claims' rules are evaluated)."""
    con = connect(tmp_path / "w.duckdb")
    paths = [*SAMPLES.values(), REAL / "guangdong-szczj-2026-budget.pdf", REAL / "beijing-czj-text-2026-budget.pdf"]
    ids = [ingest_file(con, path).document_id for path in paths]
    rules = load_rules()
    pruned_somewhere = False
    for document_id in ids + [None]:
        scope(con, ids if document_id is None else [document_id])
        ctx = Context.load(con)
        yielding = tuple(r for r in rules if r.can_yield(ctx.present()))
        pruned_somewhere |= len(yielding) < len(rules)
        assert _rows(ctx, yielding) == _rows(ctx, rules), document_id
    assert pruned_somewhere
    con.close()


def test_each_rule_compares_together_what_it_compares_alone_on_the_samples(tmp_path):
    # XT01 and XT02 share their conditions and keys (a 类 row, by func_code): 包头 2024 决算 收支总表 类
    # 205/208/210/221 against 支出表, 财政拨款收支总表 against 05表
    con = connect(tmp_path / "w.duckdb")
    ids = [ingest_file(con, path).document_id for path in SAMPLES.values()]
    scope(con, ids)
    ctx = Context.load(con)
    rules = load_rules()
    together = _rows(ctx, rules)
    alone = sorted(row for rule in rules for row in _rows(ctx, (rule,)))
    con.close()
    assert together == alone
    assert {"XT01", "XT02", "HI01", "RS01"} <= {row.split("'")[1] for row in together}
