"""The 三公 table of a report (决算 09 / 预算 三公), printed by TextRenderer.three_public in the layout family's form:
wide (one row of 12 cells, or 18 behind a unit/label column), long (a row per part), detail (决算 with 年初/全年预算数
and 支出统计数) or by part × fund (深圳 表9, families.three_public_by_fund)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.corpus.families import three_public_by_fund
from tools.corpus.labels import COUNT_LABELS
from tools.corpus.model import THREE_PUBLIC_ITEMS

if TYPE_CHECKING:
    from tools.corpus.render_text import TextRenderer


def three_public(t: TextRenderer) -> None:
    """Print the 三公 table of ``t``'s report through ``t.table``."""
    r, lay, y = t.r, t.lay, t.r.year
    groups = [m for m, _ in r.three_public]
    labels = {"budget": f"{y}年预算数" if not t.final else "预算数", "final": "决算数",
              "prior_budget": f"{y - 1}年预算数", "prior_final": f"{y - 1}年执行数"}
    counts = dict(r.counts)

    def values(measure: str, zero: bool) -> list[str]:
        return [t.m(r.tp(measure).get(item), zero) for item in THREE_PUBLIC_ITEMS]

    if lay.three == "funds":  # by part × fund, one row per year (深圳 表9; 预算 only, printed on request)
        sign = lambda v: "-" * (v < 0) + t.m(abs(v), True)  # noqa: E731
        return t.table("three_public", *three_public_by_fund(r, sign))
    if lay.three == "wide":  # one row of 12 cells (决算), or 18 cells behind a unit/label column (预算)
        lead = [""] * (not t.final)  # the parser reads a header row starting "2023年预算数" as data: never print one
        header = [["单位名称" if lay.unit_col else "项目"] * len(lead) + [x for g in groups for x in [labels[g]] + [""] * 5],
                  lead + ["“三公”经费合计", "因公出国（境）费用", "公务用车购置及运行维护费", "", "", "公务接待费"] * len(groups),
                  lead + ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * len(groups)]
        cells = [x for g in groups for x in values(g, lay.zeros)]
        rows = [[f"{r.unit.code}-{r.unit.name}"] + cells] if lay.unit_col else []
        rows += [[t.b("合 计")] * len(lead) + cells] if not lay.unit_col or r.unit.scope == "department" else []
        stats = []
        if t.final:
            header.append([str(i) for i in range(1, 13)])
            stats = [["项目", "统计数", "项目", "统计数"]] + [[a, str(counts[k]), b, str(counts[j])]
                                                       for (k, a), (j, b) in zip(COUNT_LABELS[::2], COUNT_LABELS[1::2])]
        note = "注：本表反映的预算数为“三公”经费全年预算数，决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。"
        return t.table("three_public", header, rows, note, stats)
    if lay.three == "long":
        labels_ = ("合计", "1、因公出国（境）费", "2、公务用车购置及运行费", "其中：（1）公务用车购置费", "（2）公务用车运行维护费", "3、公务接待费")
        rows = [[label, *(values(g, True)[k] for g in groups)] for k, label in enumerate(labels_)]
        return t.table("three_public", [["项 目", *(labels[g] for g in groups)]], rows)
    budget, final, reception = values("budget", False), values("final", False), t.m(r.tp("final").official_reception)
    header = [["项目 栏次", "行次", "财政拨款", "", "", "其中：一般公共预算财政拨款", "", ""],
              ["", "", "年初预算数 1", "全年预算数 2", "支出统计数 3", "年初预算数 4", "全年预算数 5", "支出统计数 6"]]
    labels_ = ("（一）支出合计", "1.因公出国（境）费", "2.公务用车购置及运行维护费", "（1）公务用车购置费", "（2）公务用车运行维护费", "3.公务接待费")
    rows = [["一、“三公”经费支出", "1", *["—"] * 6]]
    rows += [[label, str(i), *[x, x, z] * 2] for i, (label, x, z) in enumerate(zip(labels_, budget, final), 2)]
    rows += [["（1）国内接待费", "8", *["", "", reception] * 2], ["其中：外事接待费", "9", *[""] * 6],
             ["（2）国（境）外接待费", "10", *["—", "—", ""] * 2], ["（二）相关统计数", "11", *["—", "—", ""] * 2]]
    rows += [[f"{k}.{label}", str(11 + k), *["—", "—", str(counts[key])] * 2] for k, (key, label) in enumerate(COUNT_LABELS, 1)]
    t.table("three_public", header, rows)
