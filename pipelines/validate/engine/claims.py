"""Claim templates: what the report's text states against its tables — a figure the narrative restates
(narrative, NA01; class_figures, NA05), a year or placeholder in a heading (document_claims, DY01), the tables
the contents page lists or the narrative names (listed_tables, TB01), a unit of measure that cannot be right
(unit_scale, UM01); and the rows NA02–NA04's percentages are checked against (percent_rows, for
pipelines/validate/percent.py). SQL's NULL semantics are kept (they were SQL templates; a key
that is NULL joins nothing, yet groups with other NULLs; `a || b` is NULL when a part is).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from pipelines.validate.engine import template
from pipelines.validate.engine.context import Claim, Context, Fact, Row, cat, own_unit
from pipelines.validate.percent import percent_comparisons
from pipelines.validate.rules import Rule, percent_claim_ids

_NOT_STATED = ("listed", "self")  # claim measures that are no table figure (a listed table, the document itself)
_SCALE = Decimal(10000)  # 元 per 万元
_CELL = Decimal("0.01")  # a cell's rounding, in 万元
_MICRO = Decimal("0.000001")  # DECIMAL(20, 6)


@lru_cache(maxsize=1)
def _percent_ids() -> frozenset[str]:
    return frozenset(percent_claim_ids())


def _own_cells(ctx: Context) -> dict[tuple, list[Fact]]:
    """(document, table kind, item, measure) → the report's own unit's facts there, in load order."""
    def build():
        cells: dict[tuple, list[Fact]] = defaultdict(list)
        for f in ctx.facts:
            if own_unit(f) and None not in (f.document_id, f.table_kind, f.item, f.measure):
                cells[(f.document_id, f.table_kind, f.item, f.measure)].append(f)
        return cells
    return ctx.memo("claims:own_cells", build)


def _cells_of(ctx: Context, claim: Claim) -> list[Fact]:
    return _own_cells(ctx).get((claim.document_id, claim.table_kind, claim.item, claim.measure), [])


def _not_percent(claim: Claim) -> bool:
    """SQL `claim_id not in ({percent_claims})`: a NULL id is in no list."""
    return claim.claim_id is not None and claim.claim_id not in _percent_ids()


def _stated(claim: Claim) -> bool:
    """A figure of a table the claim names (SQL `table_kind <> 'document' and measure not in ('listed', 'self')`)."""
    return claim.table_kind is not None and claim.table_kind != "document" and \
        claim.measure is not None and claim.measure not in _NOT_STATED and _not_percent(claim)


def _first_pick(matches) -> list[tuple]:
    """SQL `row_number() over (partition by document, claim_seq order by <key>) = 1`: of each claim's
    (key, claim, fact) matches, the one of the lowest key (ties: the first)."""
    best: dict[tuple, tuple] = {}
    for order, claim, fact in matches:
        slot = (claim.document_id, claim.claim_seq)
        if slot not in best or _lt(order, best[slot][0]):
            best[slot] = (order, claim, fact)
    return list(best.values())


def _lt(a: tuple, b: tuple) -> bool:
    """a sorts before b, NULLs last (DuckDB's ascending order)."""
    return _nulls_last(a) < _nulls_last(b)


def _nulls_last(values: tuple) -> tuple:
    return tuple((v is None, v if v is not None else 0) for v in values)


@template("narrative", "claim:*")
def narrative(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """NA01: a figure the narrative restates equals the table cell it names (the first target the report prints)."""
    matches = (((c.target_rank,), c, f) for c in ctx.claims if _not_percent(c) for f in _cells_of(ctx, c))
    picked = _first_pick(matches)
    return [Row(rule.id, c.document_id, c.table_kind, cat(c.claim_id, ": ", c.claim_text), f.amount, c.amount, 1,
                c.source_line, c.source_page, c.claim_text, [f.fact_seq])
            for rule in rules for _, c, f in picked]


@template("class_figures", "claim:class_figure")
def class_figures(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """NA05: a figure the narrative gives for a 功能分类 code equals the table cell of that code."""
    def build():
        cells: dict[tuple, list[Fact]] = defaultdict(list)
        for f in ctx.facts:
            if own_unit(f) and f.item is None and None not in (f.func_code, f.document_id, f.table_kind, f.measure):
                cells[(f.document_id, f.table_kind, "func:" + f.func_code, f.measure)].append(f)
        return cells
    cells = ctx.memo("claims:class_cells", build)
    matches = (((c.target_rank, f.table_seq, f.fact_seq), c, f) for c in ctx.claims if c.claim_id == "class_figure"
               for f in cells.get((c.document_id, c.table_kind, c.item, c.measure), ()))
    return [Row(rule.id, c.document_id, c.table_kind,
                cat(c.claim_text, " against the ", c.table_kind, " cell ", f.source_text, " (line ", f.source_line, ")"),
                f.amount, c.amount, 1, c.source_line, c.source_page, c.claim_text, [f.fact_seq])
            for rule in rules for _, c, f in _first_pick(matches)]


@template("document_claims", "claim:*")
def document_claims(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """DY01: a year a heading prints is the report's year; no template placeholder is left in."""
    out: list[Row] = []
    for c in ctx.claims:
        document = ctx.documents.get(c.document_id)
        if c.table_kind != "document" or document is None:
            continue
        year = c.item == "year"
        note = cat(" (the report is about ", document.year, ")") if year else " (a template placeholder left in)"
        out += [Row(rule.id, c.document_id, None, cat(c.claim_id, ": ", c.claim_text, note),
                    document.year if year else 0, c.amount, 0, c.source_line, c.source_page, c.claim_text, [])
                for rule in rules]
    return out


@template("listed_tables", "claim:listed_table | table:blank")
def listed_tables(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """TB01: every table the contents page lists is located; a table printed blank is no table the narrative
    states a non-zero figure of."""
    located: dict[tuple, list] = {}  # (document, kind) → [tables, blank, min title line]
    for t in ctx.tables:
        entry = located.setdefault((t.document_id, t.table_kind), [0, 0, None])
        entry[0] += 1
        entry[1] += not (t.amount_cells or 0)
        if t.title_line is not None and (entry[2] is None or t.title_line < entry[2]):
            entry[2] = t.title_line
    listed: dict[tuple, list[Claim]] = defaultdict(list)
    out: list[Row] = []
    for c in ctx.claims:
        if c.claim_id == "listed_table":
            listed[(c.document_id, c.table_kind)].append(c)
        elif c.target_rank == 1 and _stated(c) and c.amount is not None and c.amount != 0:
            tables = located.get((c.document_id, c.table_kind))
            if tables and tables[1] == tables[0]:
                subject = cat("the narrative states ", c.claim_text, ", the ", c.table_kind, " table (line ",
                              tables[2], ") is printed blank")
                out += [Row(rule.id, c.document_id, c.table_kind, subject, c.amount, 0, 0, c.source_line,
                            c.source_page, c.claim_text, []) for rule in rules]
    for (document_id, kind), claims in listed.items():
        lines = [c.source_line for c in claims if c.source_line is not None]
        pages = [c.source_page for c in claims if c.source_page is not None]
        text = min(claims, key=lambda c: (c.source_line is None, c.source_line or 0)).claim_text
        tables = located.get((document_id, kind)) if kind is not None else None
        out += [Row(rule.id, document_id, kind, cat("listed in the contents, not in the report: ", text), 1,
                    min(tables[0], 1) if tables else 0, 0, min(lines, default=None), min(pages, default=None), text, [])
                for rule in rules]
    return out


@template("unit_scale")
def unit_scale(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """UM01: a narrative figure 10,000x (or 1/10,000 of) its table cell; a 万元 table of whole numbers whose
    largest is >= 1,000x the median of the report's other tables' largest (its figures are 元)."""
    rows = [(c.document_id, c.table_kind, cat(c.claim_id, ": ", c.claim_text, " against the table cell ",
                                              f.source_text, " (line ", f.source_line, ")"),
             f.amount, c.amount, c.source_line, c.source_page, c.claim_text, [f.fact_seq])
            for _, c, f in _first_pick(((c.target_rank,), c, f) for c in ctx.claims if _stated(c)
                                       for f in _cells_of(ctx, c) if _scaled(c.amount, f.amount))]
    rows += _headed_wrong(ctx)
    return [Row(rule.id, d, k, s, e, o, 0, line, page, label, list(seqs))
            for rule in rules for d, k, s, e, o, line, page, label, seqs in rows]


def _scaled(stated: Decimal | None, cell: Decimal | None) -> bool:
    if stated is None or cell is None or stated == 0 or cell == 0:
        return False
    return abs(stated - _SCALE * cell) <= _SCALE * _CELL or abs(_SCALE * stated - cell) <= _SCALE * _CELL


def _headed_wrong(ctx: Context) -> list[tuple]:
    tables: dict[tuple, list] = {}  # (document, table_seq, kind) → [largest, cells, whole numbers, line, page]
    for f in ctx.facts:
        if f.unit_of_measure != "wan_yuan" or f.original_unit != "wan_yuan":
            continue
        t = tables.setdefault((f.document_id, f.table_seq, f.table_kind), [None, 0, None, None, None])
        if f.amount is not None and (t[0] is None or abs(f.amount) > t[0]):
            t[0] = abs(f.amount)
        t[1] += 1
        if f.source_text is not None:  # SQL bool_and: NULLs skipped, NULL over none
            t[2] = (t[2] is not False) and "." not in f.source_text
        t[3] = _least(t[3], f.source_line)
        t[4] = _least(t[4], f.source_page)
    by_document: dict[str, list[tuple]] = defaultdict(list)
    for (document_id, seq, _), t in tables.items():
        if t[0] is not None and t[0] > 0:
            by_document[document_id].append((seq, t[0]))
    out = []
    for (document_id, seq, kind), (largest, cells, whole, line, page) in tables.items():
        if not whole or cells < 3 or largest is None:
            continue
        others = _median([v for s, v in by_document[document_id] if _distinct(s, seq)])
        if others is None or others <= 0 or largest < 1000 * others:
            continue
        subject = cat(kind, " table ", seq if seq is not None else 0, " headed 万元 prints whole numbers up to ",
                      largest, ", the report's other tables up to ", others, " 万元: its figures are 元")
        out.append((document_id, kind, subject, others, largest, line, page, kind, []))
    return out


def _distinct(a, b) -> bool:
    """SQL `a is distinct from b`."""
    return (a is None) != (b is None) or (a is not None and a != b)


def _least(a, b):
    return b if a is None else a if b is None else min(a, b)


def _median(values: list[Decimal]) -> Decimal | None:
    """DuckDB's median of DECIMAL(20, 6): the middle value, or the two middle values' mean (floored to 6 places)."""
    if not values:
        return None
    values = sorted(values)
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return ((values[middle - 1] + values[middle]) / 2).quantize(_MICRO, ROUND_FLOOR)


def percent_rows(ctx: Context) -> list[tuple]:
    """Each percentage claim (by document, claim_seq, target rank) with the report's own unit's table cells it
    names (none: one row of NULL cells), as pipelines/validate/percent.py reads them."""
    ids = _percent_ids()
    claims = [c for c in ctx.claims if c.claim_id in ids and c.document_id in ctx.documents]
    claims.sort(key=lambda c: _nulls_last((c.document_id, c.claim_seq, c.target_rank)))
    out: list[tuple] = []
    for c in claims:
        head = (c.document_id, c.claim_seq, c.claim_id, c.claim_text, c.source_line, c.source_page,
                ctx.documents[c.document_id].stage, c.target_rank, c.table_kind, c.item, c.measure)
        cells = _cells_of(ctx, c) or [Fact()]
        out += [head + (f.amount_exact, f.source_text, f.original_unit, f.source_line) for f in cells]
    return out


@template("narrative_percent", "claim:{percent_claims}")
def narrative_percent(ctx: Context, rules: tuple[Rule, ...]) -> list[dict]:
    """NA02–NA04: each printed percentage, change or comparison word checked by interval arithmetic against the
    cells percent_rows names (pipelines/validate/percent.py). Unlike the other templates, its rows are the
    comparisons themselves (expected … excess computed there, no fact named): dicts of the comparison frame."""
    rows = percent_rows(ctx)  # the rules read the same claims and cells
    return [{**comparison, "fact_seqs": []} for rule in rules for comparison in percent_comparisons(rule.id, rows)]
