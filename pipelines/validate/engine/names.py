"""Name templates: a printed code whose printed name is a sibling's national name (code_names, CN01), and a
功能分类 name the narrative prints that differs from the tables' name for the code (class_names, CN02).
The national lists are reference/func_class.csv and
econ_class.csv (what dim_func_class / dim_econ_class hold with source = 'national').
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from pipelines.normalize.codes import codebook
from pipelines.reference import load_csv
from pipelines.validate.engine import template
from pipelines.validate.engine.context import Context, Row, cat, own_unit

# spaces are ASCII whitespace and the ideographic space 　; digits ASCII ([0-9], not \d: any script's digits)
# a level mark first ((类) / （款）: both bracket widths), then spaces and brackets: removing the brackets
# first would leave the 类 of "一般公共服务（类）支出" in its key
_SAID_MARKS = re.compile(r"[(（](?:类|款|项)[)）]|[\t\n\f\r 　()（）]")
_LEADING_NUMBER = re.compile(rf"^[0-9\t\n\f\r ]+|^[一二三四五六七八九十]+[、.．]|^[(（][一二三四五六七八九十0-9]+[)）]")
_MARKS = re.compile(r"[\t\n\f\r 　()（）]")
_TRAILING_EXPENDITURE = re.compile(r"支出\Z")


@lru_cache(maxsize=1)
def national() -> dict[str, dict[str, tuple[str, str]]]:
    """system ('func' | 'econ') → code → (name, parent_code or '') of the national list."""
    return {system: {e.code: (e.name, e.parent_code or "") for e in codebook(system).entries.values()}
            for system in ("func", "econ")}


def _key(label: str) -> str:
    """A label compared without spaces and with brackets of either width alike (the name key)."""
    return label.replace("（", "(").replace("）", ")").replace(" ", "").replace("　", "")


@lru_cache(maxsize=1)
def _siblings() -> dict[tuple[str, str, int, str], list[tuple[str, str, str]]]:
    """(system, parent_code or '', code length, name key) → [(code, name, key)] of the national list."""
    index: dict = defaultdict(list)
    for system, codes in national().items():
        for code, (name, parent) in codes.items():
            index[(system, parent, len(code), _key(name))].append((code, name, _key(name)))
    return index


@template("code_names")
def code_names(ctx: Context, rules: tuple) -> list[Row]:
    printed = set()
    for f in ctx.facts:
        if f.row_label is None:
            continue
        for system, code in (("func", f.func_code), ("econ", f.econ_code)):
            if code is not None:
                printed.add((f.document_id, f.table_kind, system, code, f.row_label, f.source_line, f.source_page))
    lists, siblings = national(), _siblings()
    found = []
    for document_id, table_kind, system, code, label, line, page in printed:
        own = lists[system].get(code)
        if own is None:
            continue
        own_key = _key(own[0])
        for other_code, other_name, other_key in siblings.get((system, own[1], len(code), _key(label)), ()):
            if other_code != code and other_key != own_key:
                found.append((document_id, table_kind,
                              cat(system, " code ", code, " printed with the name ", label, " of ", other_code,
                                  " (its own name: ", own[0], ")"),
                              int(code), int(other_code), line, page, label))
    return [Row(rule.id, d, kind, subject, expected, observed, 0, line, page, label, [])
            for rule in rules for d, kind, subject, expected, observed, line, page, label in found]


@lru_cache(maxsize=1)
def former_names() -> dict[tuple[str, str], list[int | None]]:
    """(code, former name) → the last years it was the national name (reference/func_class_former_names.csv)."""
    found: dict = defaultdict(list)
    for r in load_csv("func_class_former_names.csv"):
        found[(r["code"], r["name"])].append(int(r["last_year"]) if r["last_year"] else None)
    return found


def said_key(text: str | None) -> str | None:
    """The narrative's name without spaces, brackets, level marks ((类) …) and a trailing 支出."""
    return None if text is None else _TRAILING_EXPENDITURE.sub("", _SAID_MARKS.sub("", text), count=1)


def table_key(text: str | None) -> str | None:
    """The tables' name without a leading number (1. 一、 （一）), spaces, brackets and a trailing 支出."""
    if text is None:
        return None
    return _TRAILING_EXPENDITURE.sub("", _MARKS.sub("", _LEADING_NUMBER.sub("", text, count=1)), count=1)


def _order(fact) -> tuple:
    """The table row a class name is compared with: a gpb_expenditure row first, then by table and line (DuckDB: NULLs last)."""
    kind = 2 if fact.table_kind is None else 0 if fact.table_kind == "gpb_expenditure" else 1
    return (kind, fact.table_seq is None, fact.table_seq or 0, fact.source_line is None, fact.source_line or 0)


@template("class_names", "claim:class_name")
def class_names(ctx: Context, rules: tuple) -> list[Row]:
    claims = [c for c in ctx.claims if c.claim_id == "class_name"]
    if not claims:
        return []
    wanted = {(c.document_id, c.item) for c in claims}
    labels: dict[tuple[str, str], object] = {}  # (document, 'func:' code) → the first row printing it
    for f in ctx.facts:
        if f.func_code is None or f.item is not None or f.row_label is None or not own_unit(f):
            continue
        key = (f.document_id, "func:" + f.func_code)
        if key in wanted and (key not in labels or _order(f) < _order(labels[key])):
            labels[key] = f
    picked: dict[tuple[str, int], tuple] = {}  # one row per claim (SQL partitions by claim_seq, not target_rank)
    for c in claims:
        label = labels.get((c.document_id, c.item))
        seen = picked.get((c.document_id, c.claim_seq))
        if label is not None and (seen is None or _order(label) < _order(seen[1])):
            picked[(c.document_id, c.claim_seq)] = (c, label)
    found = []
    for c, label in picked.values():
        observed = 0 if said_key(c.claim_text) is not None and said_key(c.claim_text) == table_key(label.row_label) else 1
        base = cat("the narrative names ", c.item[5:], " ", c.claim_text, ", the tables ", label.row_label,
                   " (line ", label.source_line, ")")
        formers = former_names().get((c.item[5:], c.claim_text), ()) if c.item.startswith("func:") else ()
        for last_year in formers or (False,):
            subject = base if last_year is False else cat(
                base, ", a former national name of ", c.item[5:], " (last printed in ",
                "an earlier year" if last_year is None else last_year, ")")
            found.append((c.document_id, subject, observed, c.source_line, c.source_page, c.claim_text))
    return [Row(rule.id, d, "func_class", subject, 0, observed, 0, line, page, text, [])
            for rule in rules for d, subject, observed, line, page, text in found]
