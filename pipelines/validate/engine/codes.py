"""The codes suite's frame and the misscaled tables, computed in Python over a validation run's rows
(run after the comparisons, which they read).

code_frame: one row per classification code a table of each document prints, with whether the national list
has it, whether its parent is printed in the same table, and whether a code the list lacks is trusted (its
facts take part in a hierarchy sum here and every comparison they take part in held, or a verified table of
another report of the same year printed it: v_class_as_printed). known = national or trusted.

misscaled_rows: tables whose 功能分类 totals are 10,000× apart from the same codes in at least two other tables
of the report (a 元/万元 unit misread or misprinted), none agreeing, in more than half of their pairs.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from pipelines.validate.engine.context import Context
from pipelines.validate.engine.names import national

CODE_COLUMNS = ["document_id", "table_kind", "system", "code", "source_line", "source_page", "row_label",
                "in_dictionary", "verified_here", "verified_elsewhere", "parent_printed", "known"]


def _min(a, b):
    """SQL min: NULLs skipped."""
    return b if a is None else a if b is None else min(a, b)


def _verified_elsewhere(ctx: Context, unlisted: set[tuple[str, str, str]]) -> set[tuple[str, str, object, str]]:
    """(system, code, year, document_id) of v_class_as_printed's verified rows that can matter for these
    (document, system, code) (the view holds only codes the national list lacks: a national code is never
    verified elsewhere). A cheap look at class_label first: the view (~6 ms to plan and run) is read only
    for codes another loaded report of the same year prints at all (half the real reports with such codes)."""
    if not unlisted or ctx.con is None:
        return set()
    def wanted(pairs):
        systems, codes = zip(*sorted(pairs))
        return [list(systems), list(codes)]
    printed = ctx.con.execute(
        "select distinct l.system, l.code, d.year, l.document_id from class_label l "
        "join (select unnest(?::varchar[]) as system, unnest(?::varchar[]) as code) w using (system, code) "
        "join dim_document d on d.document_id = l.document_id and d.status in ('loaded', 'quarantined')",
        wanted({(system, code) for _, system, code in unlisted})).fetchall()
    printing: dict[tuple, set] = defaultdict(set)  # (system, code, year) → documents printing it
    for system, code, year, other in printed:
        printing[(system, code, year)].add(other)
    candidates = set()
    for d, system, code in unlisted:
        year = ctx.documents[d].year if d in ctx.documents else None
        if year is not None and printing.get((system, code, year), set()) - {d}:
            candidates.add((system, code))
    if not candidates:
        return set()
    return set(ctx.con.execute(
        "select distinct s.system, s.code, s.year, s.document_id from v_class_as_printed s "
        "join (select unnest(?::varchar[]) as system, unnest(?::varchar[]) as code) w using (system, code) "
        "where s.verified", wanted(candidates)).fetchall())


def code_frame(ctx: Context, checks) -> pd.DataFrame:
    """The codes suite's frame (CODE_COLUMNS); `checks`: (document_id, fact_seq, family, held, …) per comparison and fact it read."""
    codes: dict[tuple, list] = {}  # (document, kind, system, code) → [min line, min page, min label, fact seqs]
    for f in ctx.facts:
        if f.table_kind is None:  # a code is keyed by its table kind: a NULL kind is no table's
            continue
        for system, code in (("func", f.func_code), ("econ", f.econ_code)):
            if code is None:
                continue
            row = codes.get((f.document_id, f.table_kind, system, code))
            if row is None:
                codes[(f.document_id, f.table_kind, system, code)] = [f.source_line, f.source_page, f.row_label, [f.fact_seq]]
            else:
                row[0], row[1], row[2] = _min(row[0], f.source_line), _min(row[1], f.source_page), _min(row[2], f.row_label)
                row[3].append(f.fact_seq)
    per_fact: dict[tuple, list] = {}  # (document, fact_seq) → [hierarchy checks, checks, all held]
    for document_id, fact_seq, family, held, *_ in checks:
        seen = per_fact.setdefault((document_id, fact_seq), [0, 0, True])
        seen[0] += family == "hierarchy"
        seen[1] += 1
        seen[2] = seen[2] and bool(held)
    lists = national()
    lengths: dict[tuple, set[int]] = defaultdict(set)  # (document, kind, system) → code lengths printed
    for document_id, kind, system, code in codes:
        lengths[(document_id, kind, system)].add(len(code))
    unlisted = {(d, system, code) for d, _, system, code in codes if code not in lists[system]}
    elsewhere: dict[tuple, set] = defaultdict(set)  # (system, code, year) → documents verifying it
    for system, code, year, document_id in _verified_elsewhere(ctx, unlisted):
        elsewhere[(system, code, year)].add(document_id)
    rows = []
    for (document_id, kind, system, code), (line, page, label, seqs) in codes.items():
        hierarchy, checked, held = 0, 0, True
        for seq in seqs:
            seen = per_fact.get((document_id, seq))
            if seen:
                hierarchy, checked, held = hierarchy + seen[0], checked + seen[1], held and seen[2]
        in_dictionary = code in lists[system]
        verified_here = hierarchy > 0 and checked > 0 and held
        document = ctx.documents.get(document_id)
        year = document.year if document else None
        verified_elsewhere = year is not None and bool(elsewhere.get((system, code, year), set()) - {document_id})
        parent_length = len(code) - 2 if system == "func" else 3
        parent = code[:max(len(code) - 2, 0)] if system == "func" else code[:3]
        parent_printed = (len(code) == 3 or (document_id, kind, system, parent) in codes
                          or parent_length not in lengths[(document_id, kind, system)])
        rows.append((document_id, kind, system, code, line, page, label, in_dictionary, verified_here,
                     verified_elsewhere, parent_printed, in_dictionary or verified_here or verified_elsewhere))
    return pd.DataFrame(rows, columns=CODE_COLUMNS)


def misscaled_rows(ctx: Context) -> list[tuple]:
    """The misscaled tables: (document_id, table_seq, table_kind, failed, compared, factor, tables)."""
    coded: dict[tuple, list] = defaultdict(list)  # (document, func code) → [(table_seq, table_kind, amount)]
    for f in ctx.facts:
        if f.func_code is not None and f.measure in ("amount", "total") and f.amount is not None and f.amount != 0 \
                and f.table_seq is not None:
            coded[(f.document_id, f.func_code)].append((f.table_seq, f.table_kind, float(f.amount)))
    judged: dict[tuple, list] = {}  # (document, table_seq, kind) → [compared, smaller, larger, agreeing, tables]
    for (document_id, _), rows in coded.items():
        if len({seq for seq, _, _ in rows}) < 2:
            continue
        for seq, kind, amount in rows:
            counts = judged.setdefault((document_id, seq, kind), [0, 0, 0, 0, set()])
            for other, _, other_amount in rows:
                if other == seq:
                    continue
                ratio = other_amount / amount  # DuckDB divides DECIMALs as DOUBLE
                counts[0] += 1
                smaller, larger = abs(ratio - 10000) <= 100, abs(ratio - 0.0001) <= 0.000001
                counts[1] += smaller
                counts[2] += larger
                counts[3] += abs(ratio - 1) <= 0.01
                if smaller or larger:
                    counts[4].add(other)
    found = []
    for (document_id, seq, kind), (compared, smaller, larger, agreeing, tables) in judged.items():
        failed = max(smaller, larger)
        if compared and agreeing == 0 and len(tables) >= 2 and 2 * failed > compared:
            found.append((document_id, seq, kind, failed, compared,
                          "1/10,000 of" if smaller > larger else "10,000×", len(tables)))
    return found
