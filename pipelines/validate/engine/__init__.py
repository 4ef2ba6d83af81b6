"""The rule engine: every rule of reference/rules.yaml names a template, a Python function over the rows
of a validation run (engine/context.py) that yields one comparison row per whole it compares with its parts
(Row: rule_id, document_id, table_kind, subject, expected, observed, n_terms, source line and page,
row_label, fact_seqs — the facts it read, the expected side first).

A template is evaluated once for all the rules that use it (their params are data: kinds, items, measures,
conditions from engine/conditions.py). `@template(name, "kind:a | claim:b", …)` registers one; each string
is a line of what the documents must hold for it to yield a row (one input of each line; rules.py
`Rule.inputs`), so a template whose inputs are absent is not evaluated at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipelines.validate.engine.context import Context, Row

MODULES = ("sums", "hierarchy", "cross", "claims", "names")


@dataclass(frozen=True)
class Template:
    name: str
    evaluate: Callable[[Context, tuple], list[Row]]
    rows_only_with: tuple[tuple[str, ...], ...]


_TEMPLATES: dict[str, Template] = {}


def template(name: str, *rows_only_with: str):
    """Register a template function under `name` (rules.yaml `template:`)."""
    def register(function):
        _TEMPLATES[name] = Template(name, function,
                                    tuple(tuple(n.strip() for n in line.split("|")) for line in rows_only_with))
        return function
    return register


@cache
def templates() -> dict[str, Template]:
    for module in MODULES:
        importlib.import_module(f"pipelines.validate.engine.{module}")
    return dict(_TEMPLATES)


def evaluate(ctx: Context, rules: tuple) -> list[Row]:
    """The comparison rows of `rules` on the context's documents, template by template (rules.yaml order)."""
    by_template: dict[str, list] = {}
    for rule in rules:
        by_template.setdefault(rule.template, []).append(rule)
    found = templates()
    rows: list[Row] = []
    for name, members in by_template.items():
        rows += found[name].evaluate(ctx, tuple(members))
    return rows
