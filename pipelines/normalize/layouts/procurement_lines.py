"""Detail rows of a labelled-row table keyed by their printed path (政府采购 project and 品目 lines).

江苏 公开12表 prints, under each class row (合计, 一、货物A, 二、工程B, 三、服务C), rows with no label of
their own, one text column a level of a tree:

    一、货物A |                |                       |              |              | 1,637.72
              | 信息网络建设费 | 信息网络及软件购置更新 |              |              |   966.50   ← project line
              |                |                       | PC服务器     | 政府集中采购 |    68.00   ← 品目 line
              |                | 会议费                |              |              |   122.10   ← same project, next 经济科目

A row prints the levels from its first printed text column to its last; the levels to the left of it are
the ones printed above (a blank 专项名称 continues the project above, a blank 采购物品名称 the 品目 above);
the levels to the right are closed. Its path is the labelled row's label (and unit, 苏州 公开13表 prints
the unit under each class), then its levels: "一、货物A / 信息网络建设费 / 信息网络及软件购置更新 / PC服务器 /
政府集中采购". A row reaching the table's deepest text column is a leaf (table_kinds.yaml detail_rows
leaf item), one stopping above it an inner line (inner item). The path is the fact's row_label and,
with the item, its key: no code is given, none is invented. Identities over paths (rules.yaml PC02-PC04):
a row's amount = Σ the rows one level down whose path extends it.
"""

from __future__ import annotations

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.normalize.builder import cell
from pipelines.textnorm import compact

SEPARATOR = " / "


def text_columns(data: list[Line], label_col: int, values: set[int]) -> list[int]:
    """The columns that print text in rows with no label (the levels of the detail tree), left to right."""
    found = {i for line in data if not compact(cell(line, label_col))
             for i, c in enumerate(line.cells)
             if i != label_col and i not in values and compact(c) and parse_amount(c) is None}
    return sorted(found)


class DetailPaths:
    """The printed path of each detail row, following the levels printed above it."""

    def __init__(self, levels: list[int], leaf: str, inner: str) -> None:
        self.levels = levels
        self.leaf, self.inner = leaf, inner
        self.root: list[str] = []
        self.current: list[str] = ["" for _ in levels]

    def open(self, *labels: str) -> None:
        """A labelled row (a class, or a unit under it) starts a new tree; its labels head the paths."""
        self.root = [compact(label) for label in labels if compact(label)]
        self.current = ["" for _ in self.levels]

    def place(self, line: Line) -> tuple[str, str] | None:
        """(item, path) of a detail row; None when it prints no level or no labelled row opened a tree."""
        printed = [n for n, i in enumerate(self.levels) if compact(cell(line, i))]
        if not printed or not self.root:
            return None
        first, last = printed[0], printed[-1]
        for n in range(first, len(self.levels)):
            text = compact(cell(line, self.levels[n]))
            if n > last:
                self.current[n] = ""
            elif text or n == first:
                self.current[n] = text
            elif n > first:  # a blank level between printed ones: nothing printed there
                self.current[n] = ""
        path = SEPARATOR.join(self.root + self.current[: last + 1])
        return (self.leaf if last == len(self.levels) - 1 else self.inner), path
