"""The anonymous-blocks family (issue 14): a 部门's 预算 一般公共预算支出表 printed as one ascending block of 项 rows
per subordinate unit, one block after another, no unit named anywhere, one 合计 for the whole department
(北京 预算05表, beijing-jxj-tables-2026-budget p8–p10: 2050803 培训支出 … 2240699, then 2050803 again …, ten blocks;
header 合计 | 基本支出 小计 人员经费 公用经费 | 项目支出 项目支出总数 扣除基建项目后预算数).

The pipeline keys each block row by its block's position (pipelines/reference/anonymous_blocks.yaml: line_label
"第N块", unit = the report's), so the truth here is keyed the same way. The split is a pure function of the report:
each 项's GPB leaves (人员经费, 公用经费, 项目支出) are divided among the blocks carrying it, so Σ blocks = the
report's figure and every other table (and every identity across them) stays as the model holds it.
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from pipelines.reference import load_yaml
from tools.corpus.model import FuncLine, Report, names, split

LEAVES = ("personnel", "public_use", "project")
# Printed columns, left to right: the FuncLine value each prints and the measure the pipeline reads it as.
COLUMNS = (("gpb", "total"), ("gpb_basic", "basic"), ("personnel", "personnel"), ("public_use", "public_use"),
           ("gpb_project", "project"), ("gpb_project", "project_excl_capital"))  # no 基建 project in the model
HEADER = [["功能分类科目", "", "预算数", "", "", "", "", ""],
          ["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出", ""],
          ["", "", "", "小计", "人员经费", "公用经费", "项目支出总数", "扣除基建项目后预算数"]]


def block_label(number: int) -> str:
    """"第2块": the line_label the pipeline gives the rows of the ``number``-th block (1-based)."""
    return load_yaml("anonymous_blocks.yaml")["label"].format(n=number)


def split_blocks(report: Report) -> list[list[FuncLine]] | None:
    """The 项 rows of each block in printing order, or None when the report prints no blocks (a 单位's own report,
    a 决算, fewer than two 项). Block 1 (the department's own 本级) carries every 项; each further block some of
    them and always the lowest code whose largest leaf gives each block ≥ 1 cent, so every block after the first
    restarts the code order (its first code < the previous block's last) and some code is printed twice: what makes the
    blocks readable at all (a block ascending from where the previous one stopped could not be told apart)."""
    lines = [line for line in report.lines if line.personnel + line.public_use + line.project]
    if report.stage != "budget" or report.unit.scope != "department" or len(lines) < 2:
        return None
    rng = random.Random(f"{report.unit.index}|{report.year}|{report.stage}|blocks|{lines}")
    count = rng.randint(2, 4)
    shared = [line for line in lines if max(getattr(line, leaf) for leaf in LEAVES) >= count]  # ≥ 1 cent a block
    if len(shared) < 2:
        return None
    carriers = {line.code: [0] for line in lines}
    for line in shared:
        carriers[line.code] += [b for b in range(1, count) if line is shared[0] or rng.random() < 0.5]
    for b in range(1, count - 1):  # a block followed by another holds a code above the lowest one
        if not any(b in carriers[line.code] for line in shared[1:]):
            carriers[shared[-1].code].append(b)
    parts: dict[tuple[int, str], dict[str, int]] = {}
    for line in lines:
        blocks = sorted(carriers[line.code])
        leaves = {leaf: getattr(line, leaf) for leaf in LEAVES}
        largest = max(LEAVES, key=leaves.get)
        weights = [rng.randint(20, 40) if b == 0 else rng.randint(1, 10) for b in blocks]
        for leaf, amount in leaves.items():
            floor = 1 if leaf == largest else 0  # every carrying block prints the row
            for b, share in zip(blocks, split(amount - floor * len(blocks), weights)):
                parts.setdefault((b, line.code), {})[leaf] = share + floor
    return [[FuncLine(code, **parts[b, code]) for code in sorted(c for bb, c in parts if bb == b)] for b in range(count)]


def blocks_table(report: Report, cell, zero: bool) -> tuple[list[list[str]], list[list[str]]]:
    """(header, rows) of the table: each block's 项 rows (whole code, national name), then 合 计. ``cell(cents,
    printed_zero)`` prints one amount; ``zero`` prints zeros as 0.00 in every column but 合计 (the zeros family)."""
    rows = [[line.code, names("func")[line.code], *(cell(line.values()[key], zero and i > 0) for i, (key, _) in enumerate(COLUMNS))]
            for block in split_blocks(report) for line in block]
    rows.append(["", "合   计", *(cell(report.total(key), False) for key, _ in COLUMNS)])
    return HEADER, rows


def blocks_truth(report: Report, zero: bool) -> Counter:
    """Every fact the table holds, as the pipeline must load it: (func_code, item, line_label, measure, amount in
    万元); a blank cell is no fact, a printed 0.00 is one."""
    truth: Counter = Counter()
    for number, block in enumerate(split_blocks(report), 1):
        for line in block:
            for i, (key, measure) in enumerate(COLUMNS):
                if line.values()[key] or (zero and i > 0):
                    truth[line.code, None, block_label(number), measure, Decimal(line.values()[key]) / 100] += 1
    for key, measure in COLUMNS:
        if report.total(key):
            truth[None, "total", None, measure, Decimal(report.total(key)) / 100] += 1
    return truth
