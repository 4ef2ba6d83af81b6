"""Hierarchy templates (hierarchy, total_of_roots): a parent code equals the sum of
its children (功能分类 类 = Σ款, 款 = Σ项; 经济分类 likewise), and a 功能分类 table that prints no 类 has its 合计
equal to the sum of its root rows (北京 预算05表: 项 only).

A row whose name is no code in context (item `unlisted_item`) is a node too, keyed by its printed path from its
nearest coded ancestor (line_label "201 / 社会工作事务 / 其他社会工作事务支出"); its parent is that path without its
last name. A coded row of an anonymous block (line_label 第2块) sums within its own block only. A parent under
which the reader left a row unloaded (a coverage gap, already a finding) is not compared.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from pipelines.validate.engine import template
from pipelines.validate.engine.context import Context, Row, cat, fold

_PATH_SEPARATOR = " / "


class _Spans:
    """Where each parent's lines end in its table: at the next coded line whose code is as short or shorter
    (a labelled parent: the next coded line), else two lines past the table's last line. Each table's coded
    lines are sorted once, per code length."""

    def __init__(self):
        self.lines: dict = {}  # (document, table_seq) → code length → its lines (a set, then a sorted list)
        self.last: dict = {}  # (document, table_seq) → the table's last line
        self._sorted: set = set()

    def add(self, table, line, code) -> None:
        last = self.last.get(table)
        if last is None or line > last:
            self.last[table] = line
        if code is not None:
            by_length = self.lines.get(table)
            if by_length is None:
                by_length = self.lines[table] = defaultdict(set)
            by_length[len(code)].add(line)

    def end(self, table, line, code):
        last = self.last.get(table)
        if last is None:
            return None
        by_length = self.lines.get(table, {})
        if table not in self._sorted:
            for length in by_length:
                by_length[length] = sorted(by_length[length])
            self._sorted.add(table)
        if line is None:
            return last + 2
        end = None
        for length, lines in by_length.items():
            if code is None or length <= len(code):
                i = bisect_right(lines, line)
                if i < len(lines) and (end is None or lines[i] < end):
                    end = lines[i]
        return last + 2 if end is None else end


@template("hierarchy")
def hierarchy(ctx: Context, rules: tuple) -> list[Row]:
    rows: list[Row] = []
    for rule in rules:
        params = rule.params
        func = params["code_column"] == "func_code"
        unlisted = params.get("unlisted_item")
        child_lengths = frozenset(params.get("child_lengths") or ())
        spans, nodes, children = _Spans(), [], {}
        for fact in ctx.of_kinds(params["kinds"]):
            code, other = (fact.func_code, fact.econ_code) if func else (fact.econ_code, fact.func_code)
            table = (fact.document_id, fact.table_seq)
            if fact.table_seq is not None and fact.source_line is not None:
                spans.add(table, fact.source_line, code)
            if code is not None:
                node = code
                parent = code[:-2] if len(code) in child_lengths else None
            elif unlisted is not None and fact.item == unlisted and fact.line_label is not None:
                node = fact.line_label
                parent = _PATH_SEPARATOR.join(node.split(_PATH_SEPARATOR)[:-1])
            else:
                continue
            # a coded row's block (its line_label: 第2块 of an anonymous block); a parent sums its own block's rows
            block = fact.line_label if fact.func_code is not None or fact.econ_code is not None else None
            # the row's other keys (Beijing 预算03表: 功能 × 政府经济 × 部门经济 per row): never summed across
            keys = (fact.document_id, fact.unit_id, fact.scope, fact.table_kind, fact.measure, other,
                    fact.gov_econ_code, block)
            nodes.append((fact, code, node, keys, table))
            if parent:
                fold(children.setdefault(keys, {}), parent, fact)
        unloaded = ctx.unloaded_lines
        for fact, code, node, keys, table in nodes:
            group = children.get(keys)
            group = group and group.get(node)
            if group is None or None in (fact.unit_id, fact.scope, fact.table_kind, fact.measure):
                continue  # SQL `=` on NULL: joins no children
            lines = unloaded.get((fact.document_id, fact.table_kind))
            if lines and fact.source_line is not None and fact.table_seq is not None:
                end = spans.end(table, fact.source_line, code)
                i = bisect_right(lines, fact.source_line)
                if end is not None and i < len(lines) and lines[i] < end:
                    continue  # the reader left a line of its span unloaded: its sum is incomplete by a coverage gap
            total, n, seqs = group
            rows.append(Row(rule.id, fact.document_id, fact.table_kind, f"{node} {fact.measure}", fact.amount,
                            total, n, fact.source_line, fact.source_page, fact.row_label, [fact.fact_seq, *seqs]))
    return rows


@template("total_of_roots")
def total_of_roots(ctx: Context, rules: tuple) -> list[Row]:
    rows: list[Row] = []
    for rule in rules:
        params = rule.params
        measures = frozenset(params["measures"])
        total_item = params.get("total_item")
        facts = [f for f in ctx.of_kinds(params["kinds"]) if f.measure in measures]
        coded = [f for f in facts if f.func_code is not None]
        # the tables (and their units) that print a 类 row: their 合计 is HI03's (Σ类)
        with_class = {(f.document_id, f.table_seq, f.unit_id, f.scope) for f in coded if len(f.func_code) == 3}
        # the codes each table, unit, column and block prints, and the shortest of them
        printed: dict = {}
        for f in coded:
            printed.setdefault((f.document_id, f.table_seq, f.unit_id, f.scope, f.measure, f.line_label),
                               set()).add(f.func_code)
        shortest = {key: min(map(len, codes)) for key, codes in printed.items()}
        sums: dict = {}
        for f in coded:
            table = (f.document_id, f.table_seq, f.unit_id, f.scope)
            if None in table or table in with_class:
                continue  # SQL: `using` joins no NULL key
            # a root: no shorter code of its table, unit, column and block is a prefix of it
            block = (*table, f.measure, f.line_label)
            codes, code = printed[block], f.func_code
            if any(code[:k] in codes for k in range(shortest[block], len(code))):
                continue
            fold(sums, (*table, f.measure), f)
        if not sums:
            continue
        for t in facts:
            if total_item is None or t.item != total_item or None in (t.table_seq, t.unit_id, t.scope):
                continue
            group = sums.get((t.document_id, t.table_seq, t.unit_id, t.scope, t.measure))
            if group is None or ctx.unloaded_lines.get((t.document_id, t.table_kind)):
                continue
            total, n, seqs = group
            rows.append(Row(rule.id, t.document_id, t.table_kind, cat(t.item, " ", t.measure), t.amount,
                            total, n, t.source_line, t.source_page, t.row_label, [t.fact_seq, *seqs]))
    return rows
