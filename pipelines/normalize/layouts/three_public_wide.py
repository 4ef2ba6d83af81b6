"""The wide 三公 form: one row per unit (or one row) holding groups of (合计, 出国, 车 …) columns.

Header rows of this form are often misaligned by the extractor, so columns are read from the
order the header names the parts, not from cell positions. A data row whose extraction dropped
an empty cell is realigned only when exactly one realignment satisfies the 三公 identities;
the realignment is reported. Otherwise the row is reported and not loaded.
"""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import FactBuilder
from pipelines.normalize.vocab import item_for, label_key, measure_for, unit_row
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

_TOLERANCE = Decimal("0.01")
# fuzzy part labels (as titles, pipelines.locate.titles): long enough, close enough, clearly closest
_FUZZY_MIN_CHARS = 4
_FUZZY_MIN_RATIO = 0.85
_FUZZY_MIN_MARGIN = 0.1
_GROUP = re.compile(r"^(?:(?:19|20)\d{2}年)?(?:预算数|决算数|执行数)$")


@lru_cache(maxsize=1)
def _spec() -> dict:
    return load_yaml("three_public.yaml")


def _part_of(text: str, parts: list[dict], fuzzy: bool = True) -> dict | None:
    """The part a header cell names: exactly, else (an OCR'd header, "因公出国(i)费用") the one
    label it is clearly closest to. Sub-parts are matched exactly: "公务用车购置及运行维护费" is
    close to its own sub-part "公务用车运行维护费"."""
    key = label_key(text)
    exact = next((p for p in parts if key in {compact(l) for l in p["labels"]}), None)
    if exact is not None or not fuzzy or len(key) < _FUZZY_MIN_CHARS or not parts:
        return exact
    scored = sorted(((max(SequenceMatcher(None, key, compact(l)).ratio() for l in p["labels"]), i)
                     for i, p in enumerate(parts)), reverse=True)
    best, runner_up = scored[0], (scored[1][0] if len(scored) > 1 else 0.0)
    if best[0] >= _FUZZY_MIN_RATIO and best[0] - runner_up >= _FUZZY_MIN_MARGIN:
        return parts[best[1]]
    return None


def detect_groups(header: list[Line], report_year: int) -> list[str]:
    """Measures of the column groups, in printed order (empty when the form is not wide)."""
    found = [measure_for(compact(c), report_year) for line in header for c in line.cells if _GROUP.match(compact(c))]
    return [m for m in found if m]


def _named(header: list[Line]) -> list[tuple[int, int, dict | None, dict | None]]:
    """(row, column, sub-part, part) of every header cell naming either, each cell matched once.
    A sub-part's label ("公务用车运行维护费") is not an OCR'd part label close to it."""
    parts = _spec()["parts"]
    found = []
    for row, line in enumerate(header):
        for column, text in enumerate(line.cells):
            sub = next((s for top in parts if (s := _part_of(text, top.get("sub_parts", []), fuzzy=False))), None)
            part = None if sub else _part_of(text, parts)
            if sub or part:
                found.append((row, column, sub, part))
    return found


def part_sequence(header: list[Line]) -> list[str]:
    """Item codes of one group's columns, in the order the header prints the parts.

    The header names the parts once per group; a part named again starts the next group. The
    order is the fullest group's, so a part one group's header lost (an OCR misread) neither goes
    missing nor moves to the end. A header that prints the parts on more than one row is read
    by column instead (_column_sequence)."""
    named = _named(header)
    by_column = _column_sequence(named)
    if by_column:
        return by_column
    runs: list[list[dict]] = [[]]
    subs: list[dict] = []
    for _, _, sub, part in named:
        if part:
            if part in runs[-1]:
                runs.append([])
            runs[-1].append(part)
        if sub and sub not in subs:
            subs.append(sub)
    order = max(runs, key=len)
    sequence: list[str] = []
    for part in order:
        if part.get("sub_parts") and subs:
            ordered = sorted(subs, key=lambda s: s["item"] != part["item"])  # 小计 first
            sequence.extend(s["item"] for s in ordered)
        else:
            sequence.append(part["item"])
    return sequence


def _column_sequence(named: list[tuple[int, int, dict | None, dict | None]]) -> list[str]:
    """A header whose cells span rows may print a group's parts on two rows: "公务用车购置及运行
    维护费" over its sub-parts, "合计", "出国", "接待" a row lower beside them (a borderless PDF's
    text sits so). Each column then takes the lowest part or sub-part named in it; the result is
    used only when every group reads the same, else [] (the reading order decides)."""
    if len({row for row, _, _, part in named if part}) < 2:
        return []
    leaves = {column: (sub or part)["item"] for _, column, sub, part in named}  # rows in order: the lowest wins
    groups: list[list[str]] = [[]]
    for column in sorted(leaves):
        if leaves[column] in groups[-1]:
            groups.append([])
        groups[-1].append(leaves[column])
    return groups[0] if len({tuple(g) for g in groups}) == 1 else []


def _holds(values: dict[str, Decimal | None]) -> bool:
    for rule in _spec()["identities"]:
        if rule["whole"] not in values:  # the header prints no column for the whole
            continue
        parts = [values.get(p) for p in rule["parts"]]
        whole = values.get(rule["whole"])
        if whole is None and all(p is None for p in parts):
            continue
        total = sum((p or Decimal(0) for p in parts), Decimal(0))
        if abs((whole or Decimal(0)) - total) > _TOLERANCE * len(parts):
            return False
    return True


def _groups_hold(cells: list[str], sequence: list[str], n_groups: int) -> bool:
    width = len(sequence)
    for g in range(n_groups):
        values = dict(zip(sequence, (parse_amount(c) for c in cells[g * width:(g + 1) * width])))
        if not _holds(values):
            return False
    return True


def realign(cells: list[str], sequence: list[str], n_groups: int) -> tuple[list[str] | None, bool]:
    """(cells aligned to the groups, whether a dropped cell had to be restored) or (None, False)."""
    expected = len(sequence) * n_groups
    trimmed = list(cells)
    while len(trimmed) > expected and not compact(trimmed[-1]):
        trimmed.pop()
    if len(trimmed) <= expected:
        padded = trimmed + [""] * (expected - len(trimmed))
        if _groups_hold(padded, sequence, n_groups):
            return padded, False
    outcomes = {}
    for position in range(expected):
        candidate = cells[:position] + [""] + cells[position:]
        if any(compact(c) for c in candidate[expected:]):
            continue
        candidate = (candidate + [""] * expected)[:expected]
        if _groups_hold(candidate, sequence, n_groups):
            outcomes[tuple(compact(c) for c in candidate)] = candidate
    if len(outcomes) == 1:
        return next(iter(outcomes.values())), True
    return None, False


def part_major_stages(groups: list[str], sequence: list[str]) -> list[str]:
    """The figures (预算数, 决算数) of a header that prints them under each part instead of the parts
    under each figure (上海 区级 决算 财政拨款“三公”经费支出决算表: 合计 | 出国 | 车 … each over
    预算数 | 决算数): the figures in order, else [] (the figures are the outer groups)."""
    stages = list(dict.fromkeys(groups))
    if len(stages) < 2 or not sequence or groups != stages * len(sequence):
        return []
    return stages


def _part_major_cells(cells: list[str], parts: int, stages: int) -> list[str] | None:
    """A part-major row's cells reordered figure by figure, or None when it has more cells than columns."""
    trimmed = list(cells)
    while len(trimmed) > parts * stages and not compact(trimmed[-1]):
        trimmed.pop()
    if len(trimmed) > parts * stages:
        return None
    padded = trimmed + [""] * (parts * stages - len(trimmed))
    return [padded[k * stages + g] for g in range(stages) for k in range(parts)]


def normalize_three_public_wide(builder: FactBuilder, header: list[Line], data: list[Line]) -> None:
    year = builder.meta.year
    groups = detect_groups(header, year)
    sequence = part_sequence(header)
    stages = part_major_stages(groups, sequence)
    if stages:
        groups = stages
    for line in data:
        cells = list(line.cells)
        first = compact(cells[0]) if cells else ""
        has_label = bool(first) and parse_amount(first) is None
        spec = item_for(first, "three_public") if has_label else None
        if spec is not None and spec.uom == "count":
            read_statistics(builder, line)
            continue
        if has_label and spec is None and unit_row(first) is None:
            continue  # the header of the statistics block below the table ("项目 统计数 …")
        offset = 1 if has_label or not first and len(cells) > len(sequence) * len(groups) else 0
        if stages:  # no dropped cell is restored in this form: its order is the header's, cell by cell
            reordered = _part_major_cells(cells[offset:], len(sequence), len(stages))
            held = reordered is not None and _groups_hold(reordered, sequence, len(stages))
            aligned, restored = (reordered, False) if held else (None, False)
        else:
            aligned, restored = realign(cells[offset:], sequence, len(groups))
        if aligned is None:
            builder.finding("row_misaligned", "error",
                            "cells do not fit the 三公 groups under any single realignment; row not loaded", line, first)
            continue
        if restored:
            builder.finding("row_realigned", "warning",
                            "an empty cell dropped by the extractor was restored where the 三公 identities hold", line, first)
        unit = unit_row(first) if has_label else None
        width = len(sequence)
        for g, measure in enumerate(groups):
            for k, item in enumerate(sequence):
                position = g * width + k
                amount = parse_amount(aligned[position])
                if amount is None:
                    continue
                if stages:
                    source = offset + k * len(stages) + g
                else:
                    source = offset + position if not restored else _source_index(cells[offset:], aligned, position) + offset
                builder.emit(line, source, measure, item=item, unit=unit, label=first, amount=amount)


def read_statistics(builder: FactBuilder, line: Line) -> None:
    """The block under a wide 三公 table: "团组数（个）⇥0⇥人次（人）⇥0" — each label takes the next number.
    统计数 are the year's actual counts in a final account, the planned ones in a budget."""
    measure = "final" if builder.meta.stage == "final" else "budget"
    cells = line.cells
    for index, text in enumerate(cells):
        spec = item_for(text, "three_public") if compact(text) and parse_amount(text) is None else None
        if spec is None or spec.uom != "count":
            continue
        value = index + 1
        if value < len(cells) and parse_amount(cells[value]) is not None:
            builder.emit(line, value, measure, item=spec.code, uom="count", label=text)


def _source_index(original: list[str], aligned: list[str], position: int) -> int:
    """Index in the printed row of the aligned cell at ``position`` (same text, same order)."""
    wanted = sum(1 for c in aligned[: position + 1] if compact(c))
    seen = 0
    for index, text in enumerate(original):
        if compact(text):
            seen += 1
            if seen == wanted:
                return index
    return position
