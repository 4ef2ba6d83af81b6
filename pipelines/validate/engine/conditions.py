"""Row conditions rules.yaml names as data (cross_table's `left_where`/`right_where`, item_of_classes' `part_where`):
a mapping of condition → value, every one must hold; `any_of: [{…}, {…}]` holds when one of its mappings does.

    func_length: 3           the row's 功能分类 code has 3 digits (a 类); econ_length likewise (经济分类)
    coded: func              the row carries a 功能分类 code (econ: 经济分类)
    items: [total]           the row's item is one of these;  econ_codes: ['30217'] its 经济分类 code is one of these
    measures: [personnel]    the fact's column is one of these
    own_unit: true           a figure of the report's own unit and scope (not a subordinate unit's row)
    stage_measure: true      the report's own stage's column (决算数 in a final account, 预算数 in a budget)
    printed_once: true       no other fact of its table, unit and column has the same row (code, else item)
    total_equal_in: KIND     the row's 合计 in its table equals the 合计 of the same row in a KIND table
    table_min_code_length: 7 its table prints no 功能分类 code shorter than this (北京 预算05表: 项 only)
    table_fully_loaded: true the reader left no row of a table of its kind unloaded (a coverage gap)

SQL's NULL semantics hold: a condition on a NULL column (own_unit of a fact without unit) is neither true
nor false, so the row is left out whatever value is asked; a NULL in a correlated `=` matches no other row.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pipelines.validate.engine.context import Context, Fact, stage_measure


def matches(ctx: Context, fact: Fact, where: dict | None) -> bool:
    """True when every condition of `where` holds for `fact` (an empty or missing `where`: always)."""
    return all(_CONDITIONS[name](ctx, fact, value) for name, value in (where or {}).items())


def _length(code, n) -> bool:
    return code is not None and len(code) == n


def _row(fact: Fact):
    return fact.func_code if fact.func_code is not None else fact.item


def _known(value, wanted) -> bool:
    """SQL `cond` (wanted) or `not cond` (not wanted): a NULL condition holds neither way."""
    return value is not None and value == bool(wanted)


def _equal(a, b) -> bool | None:
    return None if a is None or b is None else a == b


def _own_unit(fact: Fact) -> bool | None:
    """SQL `unit_id = doc_unit_id and scope = doc_scope` (three-valued: false and NULL is false)."""
    same = (_equal(fact.unit_id, fact.doc_unit_id), _equal(fact.scope, fact.doc_scope))
    return False if False in same else None if None in same else True


def _printed_once(ctx: Context, fact: Fact, wanted: bool) -> bool:
    counts = ctx.memo("conditions:printed_once", lambda: Counter(
        (f.document_id, f.table_seq, f.unit_id, f.measure, f.func_code if f.func_code is not None else f.item)
        for f in ctx.facts))
    key = (fact.document_id, fact.table_seq, fact.unit_id, fact.measure, _row(fact))
    once = None in key or counts[key] == 1  # a NULL in the key: no other row is `=` to it
    return once == bool(wanted)


def _total_equal_in(ctx: Context, fact: Fact, kind: str) -> bool:
    """Some fact of the row's own table kind (column 合计) equals a KIND fact (column 合计) of the same row."""
    def pairs():
        totals = defaultdict(set)
        for g in ctx.by_kind.get(kind, ()):
            if g.measure == "total" and None not in (g.unit_id, g.scope, _row(g), g.amount):
                totals[(g.document_id, g.unit_id, g.scope, _row(g))].add(g.amount)
        agreeing = set()
        for t in ctx.facts:
            if t.measure == "total" and None not in (t.unit_id, t.scope, _row(t)) and \
                    t.amount in totals.get((t.document_id, t.unit_id, t.scope, _row(t)), ()):
                agreeing.add((t.document_id, t.unit_id, t.scope, t.table_kind, _row(t)))
        return agreeing
    agreeing = ctx.memo(f"conditions:total_equal_in:{kind}", pairs)
    return (fact.document_id, fact.unit_id, fact.scope, fact.table_kind, _row(fact)) in agreeing


def _table_min_code_length(ctx: Context, fact: Fact, n: int) -> bool:
    shortest = ctx.memo("conditions:shortest_code", lambda: _shortest_codes(ctx.facts))
    length = None if fact.table_seq is None else shortest.get((fact.document_id, fact.table_seq))
    return length is None or length >= n


def _table_fully_loaded(ctx: Context, fact: Fact, wanted: bool) -> bool:
    loaded = fact.table_kind is None or (fact.document_id, fact.table_kind) not in ctx.unloaded_lines
    return loaded == bool(wanted)


def _any_of(ctx: Context, fact: Fact, options: list[dict]) -> bool:
    return any(matches(ctx, fact, option) for option in options)


_CONDITIONS = {
    "func_length": lambda ctx, f, n: _length(f.func_code, n),
    "econ_length": lambda ctx, f, n: _length(f.econ_code, n),
    "coded": lambda ctx, f, system: (f.func_code if system == "func" else f.econ_code) is not None,
    "items": lambda ctx, f, items: f.item in items,
    "econ_codes": lambda ctx, f, codes: f.econ_code in codes,
    "measures": lambda ctx, f, measures: f.measure in measures,
    "own_unit": lambda ctx, f, wanted: _known(_own_unit(f), wanted),
    "stage_measure": lambda ctx, f, wanted: _known(None if f.measure is None else stage_measure(f), wanted),
    "printed_once": _printed_once,
    "total_equal_in": _total_equal_in,
    "table_min_code_length": _table_min_code_length,
    "table_fully_loaded": _table_fully_loaded,
    "any_of": _any_of,
}
CONDITIONS = frozenset(_CONDITIONS)


def _shortest_codes(facts) -> dict[tuple, int]:
    """(document, table_seq) → the length of the shortest 功能分类 code its facts carry."""
    found: dict[tuple, int] = {}
    for f in facts:
        if f.func_code is not None:
            k, n = (f.document_id, f.table_seq), len(f.func_code)
            if n < found.get(k, n + 1):
                found[k] = n
    return found
