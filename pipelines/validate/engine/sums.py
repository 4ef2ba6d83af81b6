"""Sum templates: a whole equals the sum of its parts within one table — across the columns of one row
(row_sum), across rows of one column (item_sum, total_of_classes, item_of_classes) and along printed paths
(path_sum). SQL's NULL semantics are kept (they were SQL templates; a key that is NULL joins nothing, yet groups
with other NULLs; sums over nothing are NULL, counts 0).

A part whose ancestor (rules.yaml part_parents) is counted in the same sum is left to that ancestor: a sum
counts 一、财政拨款 or its children 1.一般公共预算拨款 …, never both.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from pipelines.validate.engine import template
from pipelines.validate.engine.conditions import matches
from pipelines.validate.engine.context import Context, Row, cat, sql_sum
from pipelines.validate.rules import Rule, part_ancestors


@lru_cache(maxsize=1)
def _ancestors() -> dict[str, frozenset[str]]:
    """part → every ancestor of it (rules.py part_ancestors)."""
    found: dict[str, set[str]] = defaultdict(set)
    for child, ancestor in part_ancestors():
        found[child].add(ancestor)
    return {child: frozenset(ancestors) for child, ancestors in found.items()}


def _joinable(*values) -> bool:
    """An `=` join on these columns can match (no NULL among them)."""
    return all(v is not None for v in values)


def _printed_rows(ctx: Context, kind: str) -> list[tuple[tuple, list, frozenset]]:
    """The rows of a table kind: (document, unit, scope, kind, func, econ, item, line) → its cells and their
    columns; grouped once per validation run, shared by every row_sum rule of the kind."""
    def build():
        rows: dict[tuple, list] = defaultdict(list)
        for f in ctx.by_kind.get(kind, ()):
            rows[(f.document_id, f.unit_id, f.scope, f.table_kind, f.func_code, f.econ_code, f.item,
                  f.source_line)].append(f)
        return [(key, cells, frozenset(f.measure for f in cells)) for key, cells in rows.items()]
    return ctx.memo(("sums:printed_rows", kind), build)


@template("row_sum")
def row_sum(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """In one row of a table (its key and printed line), the whole column = Σ its part columns."""
    ancestors = _ancestors()
    out: list[Row] = []
    for rule in rules:
        whole, parts = rule.params["whole"], frozenset(rule.params["parts"] or ())
        for kind in dict.fromkeys(rule.params["kinds"]):
            for key, cells, measures in _printed_rows(ctx, kind):
                if whole not in measures:
                    continue
                counted = parts & measures  # the part columns the row prints
                if not counted:
                    continue
                wholes = [f for f in cells if f.measure == whole]
                whole_amount = max((f.amount for f in wholes if f.amount is not None), default=None)
                if whole_amount is None:
                    continue
                if _joinable(*key[:4], key[7]):  # a part column whose ancestor the row prints: counted through it
                    counted = {m for m in counted if not ancestors.get(m, frozenset()) & counted}
                terms = [f for f in cells if f.measure in counted]
                if not terms:
                    continue
                pages = [f.source_page for f in cells if f.source_page is not None]
                labels = [f.row_label for f in cells if f.row_label is not None]
                document_id, _, _, table_kind, func_code, econ_code, item, source_line = key
                subject = func_code if func_code is not None else econ_code if econ_code is not None else item
                out.append(Row(rule.id, document_id, table_kind, subject, whole_amount,
                               sql_sum(f.amount for f in terms), len(terms), source_line, min(pages, default=None),
                               min(labels, default=None), [f.fact_seq for f in wholes] + [f.fact_seq for f in terms]))
    return out


def _whole_row(rule: Rule, w, total, n, seqs) -> Row:
    return Row(rule.id, w.document_id, w.table_kind, cat(w.item, " ", w.measure), w.amount, total, n,
               w.source_line, w.source_page, w.row_label, [w.fact_seq, *seqs])


@template("item_sum")
def item_sum(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """An item row = Σ other rows of its table and column (part_items, the 类 rows when func_classes)."""
    ancestors = _ancestors()
    out: list[Row] = []
    for rule in rules:
        p = rule.params
        measures, same_column = set(p.get("measures") or ()), list(p.get("same_column") or ())
        part_items, func_classes = set(p.get("part_items") or ()), bool(p.get("func_classes"))
        min_terms = p.get("min_terms") if p.get("min_terms") is not None else 1
        wholes: list[tuple] = []
        groups: dict[tuple, list] = defaultdict(list)  # (document, unit, scope, kind, column) → candidate parts
        for f in ctx.of_kinds(p["kinds"]):
            if f.measure in same_column:
                column = same_column[0]
            elif f.measure in measures:
                column = f.measure
            else:
                continue
            key = (f.document_id, f.unit_id, f.scope, f.table_kind, column)
            if f.item == p["whole_item"]:
                wholes.append((key, f))
            if f.item in part_items or (func_classes and f.func_code is not None and len(f.func_code) == 3):
                groups[key].append(f)
        parts: dict[tuple, tuple] = {}
        for key, candidates in groups.items():
            if _joinable(*key):  # a candidate whose ancestor item is a candidate of the same sum is left to it
                items = {f.item for f in candidates}
                candidates = [f for f in candidates if not ancestors.get(f.item, frozenset()) & items]
            if candidates:
                parts[key] = (sql_sum(f.amount for f in candidates), len(candidates), [f.fact_seq for f in candidates])
        for key, w in wholes:
            if _joinable(*key) and key in parts and parts[key][1] >= min_terms:
                out.append(_whole_row(rule, w, *parts[key]))
    return out


def _class_row(f) -> bool:
    code = f.func_code if f.func_code is not None else f.econ_code
    return code is not None and len(code) == 3


@template("total_of_classes")
def total_of_classes(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """A table's total row = Σ its 类 rows (3-digit 功能分类, else 经济分类 code), per column."""
    out: list[Row] = []
    for rule in rules:
        p = rule.params
        measures = set(p["measures"] or ())
        totals: list = []
        classes: dict[tuple, list] = defaultdict(list)
        for f in ctx.of_kinds(p["kinds"]):
            key = (f.document_id, f.unit_id, f.scope, f.table_kind, f.measure)
            if f.item == p["total_item"]:
                totals.append((key, f))
            if f.measure in measures and _class_row(f):
                classes[key].append(f)
        for key, t in totals:
            if _joinable(*key) and key in classes:
                found = classes[key]
                out.append(_whole_row(rule, t, sql_sum(f.amount for f in found), len(found), [f.fact_seq for f in found]))
    return out


@template("item_of_classes")
def item_of_classes(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """A summary line (whole_item, whole_measure) = Σ the rows of its table matching part_where in part_measure."""
    out: list[Row] = []
    for rule in rules:
        p = rule.params
        wholes: list = []
        parts: dict[tuple, list] = defaultdict(list)
        for f in ctx.of_kinds(p["kinds"]):
            key = (f.document_id, f.unit_id, f.scope, f.table_kind, f.table_seq)
            if f.item == p["whole_item"] and f.measure == p["whole_measure"]:
                wholes.append((key, f))
            if f.measure == p["part_measure"] and matches(ctx, f, p.get("part_where")):
                parts[key].append(f)
        for key, w in wholes:  # table_seq: NULL matches NULL (is not distinct from)
            if _joinable(*key[:4]) and key in parts:
                found = parts[key]
                out.append(_whole_row(rule, w, sql_sum(f.amount for f in found), len(found), [f.fact_seq for f in found]))
    return out


def _path_prefixes(label: str):
    """Every w such that label starts with w + ' / ' (overlapping separators included)."""
    i = label.find(" / ")
    while i >= 0:
        yield label[:i]
        i = label.find(" / ", i + 1)


@template("path_sum")
def path_sum(ctx: Context, rules: tuple[Rule, ...]) -> list[Row]:
    """A row keyed by its printed path = Σ the part rows whose path extends it ("… / …"), per column."""
    out: list[Row] = []
    for rule in rules:
        p = rule.params
        whole_items, part_items = set(p["whole_items"] or ()), set(p["part_items"] or ())
        wholes: list = []
        parts: dict[tuple, list] = defaultdict(list)  # (document, unit, scope, kind, measure, path prefix) → parts
        for f in ctx.of_kinds(p["kinds"]):
            if not f.row_label:
                continue
            if f.item in whole_items:
                wholes.append(f)
            if f.item in part_items:
                for prefix in set(_path_prefixes(f.row_label)):
                    parts[(f.document_id, f.unit_id, f.scope, f.table_kind, f.measure, prefix)].append(f)
        groups: dict[tuple, list] = {}  # the SQL's group by of the whole's columns
        for w in wholes:
            key = (w.document_id, w.unit_id, w.scope, w.table_kind, w.measure, w.row_label)
            if not _joinable(*key) or key not in parts:
                continue
            gkey = (w.document_id, w.table_kind, w.item, w.measure, w.amount, w.source_line, w.source_page,
                    w.row_label, w.fact_seq)
            groups.setdefault(gkey, [w, []])[1].extend(parts[key])
        for w, found in groups.values():
            out.append(_whole_row(rule, w, sql_sum(f.amount for f in found), len(found), [f.fact_seq for f in found]))
    return out
