"""Templates comparing one figure across tables of a document, across documents, and 机关运行经费 with the
公用经费 it is drawn from (cross_table, cross_document, operating_costs).

cross_table: a left fact (rule's left_kind, left_measures, left_where) against the sum of the right facts
(right_kind, right_measures, right_where) of its document, unit and scope with the same key (left_on/right_on:
func_code | func_class, the 类 of a code | row_and_measure, the row's code else item and its column | none).
cross_document: a budget's 上年执行数 against that unit's final account of the year before (another document
of the warehouse, read with one small query). operating_costs: OC01 ≤ / OC02 = (rules.yaml).
"""

from __future__ import annotations

import re

from pipelines.reference import load_yaml
from pipelines.validate.engine import template
from pipelines.validate.engine.conditions import matches
from pipelines.validate.engine.context import Context, Row, cat, fold, own_unit, sql_sum, stage_measure


def _coalesce(*values):
    return next((v for v in values if v is not None), None)


# the join key of a fact by rules.yaml left_on/right_on; None never joins (SQL `=`)
_KEYS = {
    "func_code": lambda f: f.func_code,
    "func_class": lambda f: None if f.func_code is None else f.func_code[:3],
    "row_and_measure": lambda f: cat(_coalesce(f.func_code, f.item), " ", f.measure),
    "none": lambda f: "",
}


@template("cross_table")
def cross_table(ctx: Context, rules: tuple) -> list[Row]:
    rows: list[Row] = []
    for rule in rules:
        p = rule.params
        left_key, left_measures, left_where = _KEYS[p["left_on"]], p["left_measures"], p.get("left_where")
        left = [(f, (f.document_id, f.unit_id, f.scope, left_key(f)))
                for f in ctx.by_kind.get(p["left_kind"], ()) if f.measure in left_measures]
        wanted = {k for _, k in left}  # the keys a right fact can join: the conditions are read for those only
        right_key, right_measures, right_where = _KEYS[p["right_on"]], p["right_measures"], p.get("right_where")
        sums: dict[tuple, list] = {}  # (document, unit, scope, key) → [Σ amount, count, fact_seqs]
        for f in ctx.by_kind.get(p["right_kind"], ()):
            if f.measure not in right_measures:
                continue
            k = (f.document_id, f.unit_id, f.scope, right_key(f))
            if k not in wanted or None in k or not matches(ctx, f, right_where):
                continue
            fold(sums, k, f)
        if not sums:
            continue
        for f, k in left:
            whole = sums.get(k)
            if whole is None or not matches(ctx, f, left_where):
                continue
            rows.append(Row(rule.id, f.document_id, f.table_kind,
                            cat(_coalesce(f.func_code, f.econ_code, f.item), " ", f.measure),
                            f.amount, whole[0], whole[1], f.source_line, f.source_page, f.row_label,
                            [f.fact_seq, *whole[2]]))  # the left figure's fact, then the right ones'
    return rows


@template("cross_document")
def cross_document(ctx: Context, rules: tuple) -> list[Row]:
    """A budget report's 上年执行数 for a unit = that unit's final account of that year (both loaded)."""
    rows: list[Row] = []
    for rule in rules:
        kind = rule.params["kind"]
        budget = []
        for f in ctx.by_kind.get(kind, ()):
            doc = ctx.documents.get(f.document_id)
            if f.measure == "prior_final" and doc is not None and doc.status == "loaded" and doc.stage == "budget" \
                    and doc.year is not None and f.unit_id is not None:
                budget.append((f, doc.year))
        if not budget:
            continue
        finals = _finals(ctx, kind, frozenset((f.unit_id, year - 1) for f, year in budget))
        for f, year in budget:
            for amount, document_id in finals.get((f.unit_id, year - 1, f.item, f.func_code), ()):
                rows.append(Row(rule.id, f.document_id, f.table_kind,
                                cat(_coalesce(f.item, f.func_code, f.econ_code), " ", year - 1, " vs ", document_id),
                                f.amount, amount, 1, f.source_line, f.source_page, f.row_label,
                                [f.fact_seq]))  # the budget's fact (the final's belongs to another document)
    return rows


def _finals(ctx: Context, kind: str, needed: frozenset) -> dict[tuple, list]:
    """(unit, year, item, func_code) → [(amount, document)] of the loaded final accounts' 决算数 in `kind` tables
    of the warehouse, for the (unit, year) pairs `needed`: one query, cached on the context."""
    return ctx.memo(("cross:finals", kind, needed), lambda: _query_finals(ctx, kind, needed))


def _query_finals(ctx: Context, kind: str, needed: frozenset) -> dict[tuple, list]:
    found: dict[tuple, list] = {}
    if ctx.con is not None:
        units, years = sorted({u for u, _ in needed}), sorted({y for _, y in needed})
        for unit_id, year, item, func_code, amount, document_id in ctx.con.execute(
                "select f.unit_id, d.year, f.item, f.func_code, f.amount, f.document_id "
                "from fact_amount f join dim_document d using (document_id) "
                "where d.status = 'loaded' and d.stage = 'final' and f.measure = 'final' and f.table_kind = ? "
                "and list_contains(?::varchar[], f.unit_id) and list_contains(?::integer[], d.year)",
                [kind, units, years]).fetchall():
            if (unit_id, year) in needed:
                found.setdefault((unit_id, year, item, func_code), []).append((amount, document_id))
    return found


def _public_use(ctx: Context) -> dict[str, tuple]:
    """document → (公用经费, n_terms, fact_seqs) of its first 基本支出表 (by table_seq) printing one: the 公用经费合计
    row, else the 合计 row's 公用经费 column, else Σ its 公用经费 类 (3-digit 经济分类 codes)."""
    tables: dict[tuple, list] = {}  # (document, table_seq) → [public_use_total facts, total facts, class facts]
    for f in ctx.by_kind.get("gpb_basic_expenditure", ()):
        if f.measure != "public_use" or not own_unit(f):
            continue
        parts = tables.setdefault((f.document_id, f.table_seq), [[], [], []])
        if f.item == "public_use_total":
            parts[0].append(f)
        elif f.item == "total":
            parts[1].append(f)
        elif f.item is None and f.econ_code is not None and len(f.econ_code) == 3:
            parts[2].append(f)
    found: dict[str, tuple] = {}
    for (document_id, table_seq), (use_totals, totals, classes) in sorted(
            tables.items(), key=lambda kv: (kv[0][0], kv[0][1] is None, kv[0][1] or 0)):
        if document_id in found:
            continue
        amount = _coalesce(_max(use_totals), _max(totals), sql_sum(f.amount for f in classes))
        if amount is None:
            continue
        if use_totals or totals:
            found[document_id] = (amount, 1, [f.fact_seq for f in use_totals + totals])
        else:
            found[document_id] = (amount, len(classes), [f.fact_seq for f in classes])
    return found


def _max(facts):
    return max((f.amount for f in facts if f.amount is not None), default=None)


def _stated(ctx: Context) -> list[tuple]:
    """(document, 机关运行经费, line, page, what was said, fact_seqs): the 机关运行经费 table's 合计 cell and the
    narrative's sentence, each on its own."""
    stated = [(f.document_id, f.amount, f.source_line, f.source_page, cat("机关运行经费 table 合计 ", f.source_text),
               [f.fact_seq]) for f in ctx.by_kind.get("operating_costs", ())
              if f.item == "operating_costs_total" and own_unit(f) and (f.measure == "amount" or stage_measure(f))]
    stated += [(c.document_id, c.amount, c.source_line, c.source_page, c.claim_text, [])
               for c in ctx.claims if c.claim_id == "operating_costs" and c.target_rank == 1]
    return stated


def _administrative(document) -> bool | None:
    """SQL `scope = 'unit' and regexp_matches(unit_name, administrative_unit_names)` with NULL as None."""
    is_unit = None if document.scope is None else document.scope == "unit"
    named = None if document.unit_name is None else \
        re.search(load_yaml("rules.yaml")["administrative_unit_names"], document.unit_name) is not None
    if is_unit is False or named is False:
        return False
    return None if is_unit is None or named is None else True


@template("operating_costs", "kind:gpb_basic_expenditure", "kind:operating_costs | claim:operating_costs")
def operating_costs(ctx: Context, rules: tuple) -> list[Row]:
    """OC01/OC02 (R009): 机关运行经费 ≤ 一般公共预算基本支出 公用经费, = in an administrative body's unit report."""
    public_use = _public_use(ctx)
    if not public_use:
        return []
    stated = [s for s in _stated(ctx) if s[0] in public_use]
    rows: list[Row] = []
    for rule in rules:
        from_year, administrative = rule.params["from_year"], rule.params["administrative_unit_report"]
        for document_id, amount, line, page, said, seqs in stated:
            doc = ctx.documents.get(document_id)  # the report's document and unit (SQL: inner joins)
            if doc is None or doc.unit_id is None or doc.year is None or doc.year < from_year or \
                    _administrative(doc) is not bool(administrative):
                continue
            expected, n_terms, public_seqs = public_use[document_id]
            subject = cat(said, " against 一般公共预算基本支出 公用经费 ", expected, " (", doc.scope, " report of ",
                          doc.unit_name, ")")
            rows.append(Row(rule.id, document_id, "operating_costs", subject, expected, amount, n_terms, line, page,
                            said, seqs + public_seqs))
    return rows
