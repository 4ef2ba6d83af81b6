"""The 支出预算分类汇总表(按部门预算经济分类) family (issue 14; 湖南 部门预算, table kind expenditure_econ in
pipelines/reference/table_kinds.yaml, read as a coded 经济分类 table): the spending of all funds (一般公共预算 and
其他收入) by 经济分类 类 and 款, columns 合计 | 基本支出 | 项目支出, a 合计 row.

The model holds 经济分类 for the GPB 基本支出 only; the rest is placed here as a pure function of the report: 其他收入
基本支出 under 30299 其他商品和服务支出, and each report's 项目支出 split over a few 款 projects are spent on. The column
totals are the report's (支出总表 合计 | 基本支出 | 项目支出), so the table agrees with the others.
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from tools.corpus.model import Report, names, split

PROJECT_ECON = ("30201", "30213", "30226", "30227", "30299", "31002")  # 办公费 维修(护)费 劳务费 委托业务费 其他 办公设备购置
TITLE = "支出预算分类汇总表(按部门预算经济分类)"
HEADER = [["部门预算支出经济分类科目", "", "本年支出预算", "", ""], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]


def econ_spending(report: Report) -> dict[str, tuple[int, int]]:
    """经济分类 code (类 and 款) → (基本支出, 项目支出) of all funds, in cents; codes with nothing left out."""
    basic = dict(report.econ)
    basic["30299"] = basic.get("30299", 0) + report.total("basic") - report.total("gpb_basic")  # 其他收入 基本支出
    rng = random.Random(f"{report.unit.index}|{report.year}|{report.stage}|econ-summary|{report.lines}")
    chosen = [c for c in PROJECT_ECON if rng.random() < 0.6] or ["30227"]
    project = dict(zip(chosen, split(report.total("project"), [rng.randint(1, 10) for _ in chosen])))
    leaves = {c: (basic.get(c, 0), project.get(c, 0)) for c in sorted(set(basic) | set(project))}
    rows: dict[str, tuple[int, int]] = {}
    for code, (b, p) in leaves.items():
        if b or p:
            for key in (code[:3], code):
                old = rows.get(key, (0, 0))
                rows[key] = (old[0] + b, old[1] + p)
    return dict(sorted(rows.items()))


def econ_summary_table(report: Report, cell) -> tuple[list[list[str]], list[list[str]], str, list, str]:
    """(header, rows, note, after, title) for TextRenderer.table; ``cell(cents)`` prints one amount (blank for 0)."""
    rows = [[code, names("econ")[code], cell(b + p), cell(b), cell(p)] for code, (b, p) in econ_spending(report).items()]
    rows.append(["", "合 计", *(cell(report.total(k)) for k in ("total", "basic", "project"))])
    return HEADER, rows, "", [], TITLE


def econ_summary_truth(report: Report) -> Counter:
    """Every fact of the table: (econ_code, item, measure, amount in 万元); a blank cell is no fact."""
    truth: Counter = Counter()
    for code, (b, p) in econ_spending(report).items():
        for measure, value in (("total", b + p), ("basic", b), ("project", p)):
            if value:
                truth[code, None, measure, Decimal(value) / 100] += 1
    for measure, key in (("total", "total"), ("basic", "basic"), ("project", "project")):
        if report.total(key):
            truth[None, "total", measure, Decimal(report.total(key)) / 100] += 1
    return truth
