"""NA02: a percentage the narrative prints is consistent with the table cells it is computed from.

Interval arithmetic on rounded inputs. Every printed figure stands for any value within half its
last printed digit (a cell printed 1,018.34 万元 is 1018.335 … 1018.345; 8.5 is 8.45 … 8.55; a cell
printed in 元 is converted), and so does the printed percentage (48.98% is 48.975 … 48.985). The
claim holds when some choice of unrounded inputs gives a percentage that rounds to the printed one:
the formulas (ratio, change, change_by) are monotone in each input while the denominator stays
positive, so the reachable range is spanned by the corners of the input box. A denominator whose
range reaches 0 (a 0 万元 base, "增长 0%" of nothing) proves nothing and is not compared.

The comparison rows have the shape of the SQL rules' rows (pipelines/validate/comparisons.py), in
percentage points: expected = the percentage the printed cells give, observed = the printed one,
excess = the gap between the reachable and the printed range (> 0: inconsistent).
"""

from __future__ import annotations

import itertools
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from pipelines.locate.narrative import (
    NUMBER,
    direction_of,
    direction_sign,
    percent_specs,
    stage_measure,
)

DIRECTION_RULE = "NA04"  # the comparison word against the sign of current − base

_MARKUP = re.compile(r"<[^>]+>|\*\*|__|\s")
_NUMBER = re.compile(r"-?" + NUMBER)
_YUAN_PER_WAN = Decimal(10000)
CENT = Decimal("0.01")


def half_digit(text: str) -> Decimal:
    """Half the last printed digit of a number as printed ("1,018.34" → 0.005, "8.5" → 0.05, "18" → 0.5)."""
    match = _NUMBER.search(_MARKUP.sub("", text))
    decimals = len(match.group(0).partition(".")[2]) if match else 2
    return Decimal(5).scaleb(-(decimals + 1))


def _bounds(value: Decimal, half: Decimal) -> tuple[Decimal, Decimal]:
    low = value - half
    return (max(low, Decimal(0)) if value >= 0 else low), value + half


def _formula(formula: str, sign: int):
    """(f(x, y) in percent, the denominator as a function of (x, y))."""
    if formula == "ratio":  # x numerator, y denominator
        return (lambda x, y: 100 * x / y), (lambda x, y: y)
    if formula == "change":  # x current, y base
        return (lambda x, y: 100 * (x - y) / y), (lambda x, y: y)
    if formula == "difference":  # x current, y base: the change in 万元 (no division)
        return (lambda x, y: x - y), (lambda x, y: Decimal(1))
    # change_by: x current, y the printed change; base = current − sign × change
    return (lambda x, y: 100 * y / (x - sign * y)), (lambda x, y: x - sign * y)


def _show(value: Decimal, places: int = 4) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN):f}"


def check_claim(formula: str, sign: int, x: tuple[Decimal, Decimal], y: tuple[Decimal, Decimal],
                printed: Decimal, printed_half: Decimal) -> dict | None:
    """The comparison of one claim (x, y: (value, half its last digit)), or None when it proves nothing."""
    f, denominator = _formula(formula, sign)
    corners = list(itertools.product(_bounds(*x), _bounds(*y)))
    if min(denominator(a, b) for a, b in corners) <= 0 or denominator(x[0], y[0]) <= 0:
        return None
    reached = [f(a, b) for a, b in corners]
    low, high, point = min(reached), max(reached), f(x[0], y[0])
    gap = max(low - (printed + printed_half), (printed - printed_half) - high)
    off = printed - point
    difference = Decimal(0) if abs(off) <= printed_half else off.quantize(CENT, ROUND_CEILING if off > 0 else ROUND_FLOOR)
    return {
        "expected": float(point.quantize(CENT, ROUND_HALF_EVEN)), "observed": float(printed),
        "difference": float(difference),
        "tolerance": float((printed_half + max(point - low, high - point)).quantize(CENT, ROUND_CEILING)),
        "excess": float(gap.quantize(CENT, ROUND_CEILING)),
        "low": low, "high": high, "point": point,
    }


def _formula_text(formula: str, sign: int, x: str, y: str) -> str:
    if formula == "ratio":
        return f"100 × {x} / {y}"
    if formula == "change":
        return f"100 × ({x} − {y}) / {y}"
    if formula in ("difference", "direction"):
        return f"{x} − {y}"
    return f"100 × {y} / ({x} {'−' if sign > 0 else '+'} {y})"


def percent_comparisons(rule_id: str, rows: list[tuple]) -> list[dict]:
    """Comparison rows of rule `rule_id` over the percentage claims and the cells they name (engine/claims.py
    percent_rows: NA02/NA03/NA04 read the same rows)."""
    specs = percent_specs()
    claims: dict[tuple[str, int], dict] = {}
    for row in rows:
        (document_id, seq, claim_id, text, line, page, stage, _rank, kind, item, measure,
         exact, cell_text, original_unit, cell_line) = row
        claim = claims.setdefault((document_id, seq), {"id": claim_id, "text": text, "line": line, "page": page,
                                                      "stage": stage, "cells": {}})
        if exact is not None:
            half = half_digit(cell_text) / (_YUAN_PER_WAN if original_unit == "yuan" else 1)
            claim["cells"][(kind, item, measure)] = (Decimal(exact), half, f"{_MARKUP.sub('', cell_text)} ({kind} line {cell_line})")
    rows = []
    for (document_id, _seq), claim in sorted(claims.items()):
        spec = specs.get(claim["id"])
        if spec is None or not _checked_by(spec, rule_id):
            continue
        match = spec.pattern.search(claim["text"])
        if match is None:  # a claim stored under patterns that have changed since: reload the document
            continue
        if spec.formula == "words":
            rows.append(_words_row(rule_id, document_id, spec.id, match, claim))
            continue
        operands, kinds = _operands(spec, match, claim)
        if None in operands:
            continue
        (x, x_half, x_text), (y, y_half, y_text) = operands
        word = match.groupdict().get("direction")
        sign = direction_sign(word)
        if rule_id == DIRECTION_RULE:
            outcome = check_direction(direction_of(word), (x, x_half), (y, y_half))
            subject = (f"{spec.id}: {x_text} − {y_text} = {_show(x - y, 2)} 万元 "
                       f"({_show(outcome['low'], 3)}…{_show(outcome['high'], 3)} within the printed digits); printed {word}")
        else:
            printed_text = match.group("change" if spec.formula == "difference" else "percent")
            printed = Decimal(printed_text.replace(",", ""))
            if spec.formula in ("change", "difference"):
                printed *= sign
            outcome = check_claim(spec.formula, sign, (x, x_half), (y, y_half), printed, half_digit(printed_text))
            if outcome is None:
                continue
            unit = " 万元" if spec.formula == "difference" else "%"
            subject = (f"{spec.id}: {_formula_text(spec.formula, sign, x_text, y_text)} = {_show(outcome['point'])}{unit}, "
                       f"{_show(outcome['low'])}…{_show(outcome['high'])}{unit} from values within half the last printed digit; "
                       f"printed {word + ' ' if spec.formula == 'difference' else ''}{printed_text}{unit}")
        rows.append({
            "rule_id": rule_id, "document_id": document_id, "table_kind": kinds[0] if kinds else None, "subject": subject,
            "n_terms": 2, "source_line": claim["line"], "source_page": claim["page"], "row_label": claim["text"],
            **{k: outcome[k] for k in ("expected", "observed", "difference", "tolerance", "excess")},
        })
    return rows


def _checked_by(spec, rule_id: str) -> bool:
    """NA04 reads every claim that prints both figures and a comparison word; the others their own specs."""
    if rule_id == DIRECTION_RULE:
        return spec.formula in ("direction", "change", "difference", "words")
    return spec.rule == rule_id and spec.formula != "direction"


def _operands(spec, match: re.Match, claim: dict):
    operands, kinds = [], []
    for _role, alternatives in spec.operands:
        found = None
        for target in alternatives:
            if "narrative" in target:
                printed = match.group(target["narrative"])
                found = (Decimal(printed.replace(",", "")), half_digit(printed), printed)
            else:
                key = (target["table_kind"], target["item"], stage_measure(target["measure"], claim["stage"]))
                if key in claim["cells"]:
                    found = claim["cells"][key]
                    kinds.append(key[0])
            if found:
                break
        operands.append(found)
    return operands, kinds


def check_direction(word: int, x: tuple[Decimal, Decimal], y: tuple[Decimal, Decimal]) -> dict:
    """The comparison word (+1 增加, -1 减少, 0 持平) against current − base (x − y) within the printed
    digits: 增加 is contradicted when no choice of unrounded figures makes the change positive, 减少
    when none makes it negative, 持平 when none makes it zero. expected/observed: the signs."""
    low, high = (x[0] - x[1]) - (y[0] + y[1]), (x[0] + x[1]) - (y[0] - y[1])
    point = x[0] - y[0]
    figures = (point > 0) - (point < 0)
    holds = high > 0 if word > 0 else low < 0 if word < 0 else low <= 0 <= high
    return {"expected": float(figures), "observed": float(word), "difference": float(word - figures),
            "tolerance": 0.0, "excess": 0.0 if holds else 1.0, "low": low, "high": high, "point": point}


def check_words(first: int, second: int) -> dict:
    """Two comparison words one clause gives the same figure and base (+1 增加, -1 减少, 0 持平; a change
    printed as 0 is 0): they hold together only when they say the same. expected: the second word's sign."""
    holds = first == second
    return {"expected": float(second), "observed": float(first), "difference": float(first - second),
            "tolerance": 0.0, "excess": 0.0 if holds else 1.0}


def _words_row(rule_id: str, document_id: str, claim_id: str, match: re.Match, claim: dict) -> dict:
    """NA04 on a clause such as "减少为0.00万元，与2024年持平": the change word against the level word."""
    groups = match.groupdict()
    word, change = groups["direction"], groups.get("change")
    first = 0 if change is not None and Decimal(change.replace(",", "")) == 0 else direction_of(word)
    outcome = check_words(first, direction_of(groups["level"]))
    printed = f"{word}{change + ' 万元' if change is not None else ''}"
    return {"rule_id": rule_id, "document_id": document_id, "table_kind": None,
            "subject": f"{claim_id}: printed {printed} and {groups['level']} of the same figure and base",
            "n_terms": 2, "source_line": claim["line"], "source_page": claim["page"], "row_label": claim["text"],
            **outcome}
