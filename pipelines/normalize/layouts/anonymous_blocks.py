"""Coded tables printed as a sequence of anonymous blocks: one block of code rows per subordinate unit, one after
another, with no unit column, no unit section row and no unit named anywhere.

北京 预算05表 一般公共预算支出表 (beijing-jxj-tables-2026-budget p8–p10) prints 2050803 培训支出 … 2240699 in
ascending code order, then 2050803 again … each block ascending, and one 合计 for the whole department. Which unit a
block belongs to is printed nowhere, so no unit is guessed: every row is the report's unit's, keyed by its block
(``line_label`` "第2块", the wording in reference/anonymous_blocks.yaml), and Σ over the blocks is the department's
figure (HI07 合计 = Σ rows, XT07 Σ 项 by 类 = 财政拨款收支总表's 一般公共预算 column).

A table is read as blocks when it prints a code twice (coded.py's repeated codes) and its codes, in print order,
restart: a code that comes before the previous one in code order (201 < 20101 < 2010101 < 20102, the order the
national lists print in) opens the next block. The blocks are then ascending by construction; a code printed on
two consecutive rows (a repeat inside what would be one block) makes the split ambiguous, and the table keeps the
code_repeated findings, nothing loaded for the repeated codes.
"""

from __future__ import annotations

from functools import lru_cache

from pipelines.model import Line
from pipelines.normalize.amounts import split_code
from pipelines.normalize.builder import cell
from pipelines.reference import load_yaml


@lru_cache(maxsize=1)
def _spec() -> dict:
    return load_yaml("anonymous_blocks.yaml")


def block_label(number: int) -> str:
    """The line_label of the ``number``-th block (1-based): "第2块"."""
    return _spec()["label"].format(n=number)


def anonymous_blocks(data: list[Line], code_cols: list[int]) -> dict[int, int] | None:
    """{line number: block number (1-based)} of every coded row, when the table's code sequence splits into blocks
    unambiguously (at least two, and some code printed in two of them; see the module doc); None otherwise. Only whole codes in the first code column
    count: a table printing split 类 | 款 | 项 codes is read by its trail, not here."""
    blocks: dict[int, int] = {}
    block, previous, seen, repeats = 1, None, set(), False
    for line in data:
        if len(code_cols) > 1 and any(cell(line, i) for i in code_cols[1:]):
            return None
        code = split_code(cell(line, code_cols[0]))[0]
        if not code:
            continue
        if previous is not None and code == previous:  # a repeat inside one block: where would it end?
            return None
        if previous is not None and code < previous:
            block += 1
        blocks[line.number] = block
        previous, repeats = code, repeats or code in seen
        seen.add(code)
    return blocks if block > 1 and repeats else None
