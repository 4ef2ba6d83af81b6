"""Layout families the real corpus showed (issue 14, ../shared/real/), as small printing helpers
render_text.py calls: codes split over 类 | 款 | 项 columns or left out (names only, indented),
amounts in 元 without decimals or 万元 with six, table titles and numbers as real report sets print
them, and the name-only rows of a two-sided summary's expenditure side.

Every family prints the same model figures: what is read back must equal the generated truth.
"""

from __future__ import annotations

from tools.corpus.model import names

# Code widths of each level: 功能分类 类 | 款 | 项 (201 | 06 | 01), 经济分类 类 | 款 (301 | 01).
PARTS = {"func": (3, 2, 2), "econ": (3, 2)}
LEVEL_WORDS = ("类", "款", "项")
INDENT = "\u3000\u3000"  # two ideographic spaces per level below 类, as Word/WPS tables indent names

# Real table sets: {n} the printed number, {y} the year. Each title is identified by the keyword rules
# (pipelines/reference/table_kinds.yaml); the number is printed on the title's line.
TITLE_SETS = {
    "budget": {
        "numbered": {  # beijing-czj-tables p1 (预算01表 收支总表)
            "summary": "预算{n:02d}表 收支总表", "income": "预算{n:02d}表 收入总表", "expenditure": "预算{n:02d}表 支出总表",
            "fiscal_summary": "预算{n:02d}表 财政拨款收支总表", "gpb_expenditure": "预算{n:02d}表 一般公共预算财政拨款支出表",
            "gpb_basic_expenditure": "预算{n:02d}表 一般公共预算财政拨款基本支出表",
            "three_public": "预算{n:02d}表 一般公共预算“三公”经费支出表", "gov_fund": "预算{n:02d}表 政府性基金预算财政拨款支出表",
            "soe_capital": "预算{n:02d}表 国有资本经营预算财政拨款支出表"},
        "unit_budget": {  # shanghai-czkjzx p7–p20 (2026年预算单位…)
            "summary": "{y}年预算单位财务收支预算总表", "income": "{y}年预算单位收入预算总表", "expenditure": "{y}年预算单位支出预算总表",
            "fiscal_summary": "{y}年预算单位财政拨款收支预算总表", "gpb_expenditure": "{y}年预算单位一般公共预算支出功能分类预算表",
            "gpb_basic_expenditure": "{y}年预算单位一般公共预算基本支出部门预算经济分类预算表",
            "three_public": "{y}年单位“三公”经费和机关运行经费预算表", "gov_fund": "{y}年预算单位政府性基金支出预算表",
            "soe_capital": "{y}年预算单位国有资本经营预算支出表"},
        "overall": {  # chongqing-swj p8–p23 (2026年部门收支总体情况表)
            "summary": "{y}年部门收支总体情况表", "income": "{y}年部门收入总体情况表", "expenditure": "{y}年部门支出总体情况表",
            "fiscal_summary": "{y}年财政拨款收支总体情况表", "gpb_expenditure": "{y}年一般公共预算财政拨款支出预算表",
            "gpb_basic_expenditure": "{y}年一般公共预算财政拨款基本支出预算表", "three_public": "{y}年财政拨款“三公”经费支出情况表",
            "gov_fund": "{y}年政府性基金预算支出表", "soe_capital": "{y}年国有资本经营预算支出表"},
    },
    "final": {
        "university": {  # chongqing-swu-2023-final p8 (表 1:高等学校收支决算总表)
            "summary": "表 {n}:高等学校收支决算总表", "income": "表 {n}:高等学校收入决算表", "expenditure": "表 {n}:高等学校支出决算表",
            "fiscal_summary": "表 {n}:高等学校财政拨款收入支出决算总表",
            "gpb_expenditure": "表 {n}:高等学校一般公共预算财政拨款支出决算表",
            "gpb_basic_expenditure": "表 {n}:高等学校一般公共预算财政拨款基本支出决算表",
            "gov_fund": "表 {n}:高等学校政府性基金预算财政拨款收入支出决算表",
            "soe_capital": "表 {n}:高等学校国有资本经营预算财政拨款支出决算表",
            "three_public": "表 {n}:高等学校财政拨款“三公”经费支出决算表", "operating_costs": "表 {n}:高等学校机关运行经费支出决算表"},
        "inline": {  # 公开 05 表 … on the title's line
            "summary": "公开 {n:02d} 表 收入支出决算总表", "income": "公开 {n:02d} 表 收入决算表", "expenditure": "公开 {n:02d} 表 支出决算表",
            "fiscal_summary": "公开 {n:02d} 表 财政拨款收入支出决算总表",
            "gpb_expenditure": "公开 {n:02d} 表 一般公共预算财政拨款支出决算表",
            "gpb_basic_expenditure": "公开 {n:02d} 表 一般公共预算财政拨款基本支出决算表",
            "gov_fund": "公开 {n:02d} 表 政府性基金预算财政拨款收入支出决算表",
            "soe_capital": "公开 {n:02d} 表 国有资本经营预算财政拨款支出决算表",
            "three_public": "公开 {n:02d} 表 财政拨款“三公”经费支出决算表", "operating_costs": "公开 {n:02d} 表 机关运行经费支出决算表"},
    },
}


def real_title(stage: str, title_set: str, kind: str, number: int, year: int) -> str | None:
    """The title a real set prints for ``kind`` (number and year filled in), None for the standard set."""
    template = TITLE_SETS.get(stage, {}).get(title_set, {}).get(kind)
    return template.format(n=number, y=year) if template else None


def code_cells(code: str, system: str, style: str) -> list[str]:
    """The code cells of a row: one whole code, or its parts in 类 | 款 | 项 columns ("split": every part,
    the 类 row `201 | | `; "split_new": only the part the row adds, 类 blank on child rows)."""
    if style not in ("split", "split_new"):
        return [code]
    cells, at = [], 0
    for width in PARTS[system]:
        cells.append(code[at:at + width])
        at += width
    if style == "split_new":
        level = sum(1 for c in cells if c) - 1
        cells = [c if i == level else "" for i, c in enumerate(cells)]
    return cells


def code_header(system: str, style: str, caption: str, name: str) -> list[list[str]]:
    """Header cells over the code and name columns: [caption, name] for whole codes; the caption
    spanning the parts with a row of level words under it (`类 | 款 | 项`) for split codes; the name
    column alone when names-only rows print no code column ("bare")."""
    if style == "bare":
        return [[name], [""]]
    if style in ("split", "split_new"):
        width = len(PARTS[system])
        return [[caption, *[""] * (width - 1), name], [*LEVEL_WORDS[:width], ""]]
    return [[caption, name], ["", ""]]


def lead_cells(code: str, system: str, style: str, name: str | None = None) -> list[str]:
    """Code and name cells of a coded row in ``style``; names-only rows (a blank code cell, or "bare": no
    code column) indent 款/项 under their 类."""
    name = names(system)[code] if name is None else name
    if style in ("names", "bare"):
        return [""] * (style == "names") + [INDENT * ((len(code) - 3) // 2) + name]
    return [*code_cells(code, system, style), name]


def blank_lead(system: str, style: str) -> list[str]:
    """The empty code cells in front of a label that has no code (合计 rows)."""
    return [""] * (0 if style == "bare" else len(PARTS[system]) if style.startswith("split") else 1)


def money(cents: int, yuan: bool, sep: bool, fine: bool) -> str:
    """An amount of ``cents`` (0.01 万元): 万元 with 2 (or, ``fine``, 6) decimals; 元 with 2 decimals (or,
    ``fine``, none: 21,143,300)."""
    whole, rest = (cents * 100, 0) if yuan else divmod(cents, 100)
    text = f"{whole:,}" if sep else str(whole)
    if yuan:
        return text if fine else text + ".00"
    return text + f".{rest:02d}" + "0000" * fine


# 三公 by part × fund, one row per year (深圳 表9 财政拨款“三公”经费支出表, guangdong-szczj-2026-budget p38):
# the parts as printed left to right, each over 一般公共预算 | 政府性基金预算 | 国有资本经营预算.
FUND_PARTS = (("总计", "three_public_total"), ("因公出国(境)费", "outbound_travel"), ("公务接待费", "official_reception"),
              ("公务用车购置及运行维护费", "official_vehicles"), ("公务用车购置费", "vehicle_purchase"),
              ("公务用车运行维护费", "vehicle_operation"))
FUND_NAMES = ("一般公共预算", "政府性基金预算", "国有资本经营预算")


def three_public_by_fund(report, cell) -> tuple[list[list[str]], list[list[str]]]:
    """(header, rows) of the 预算 三公 table by part × fund: the prior year's 预算数 and this year's, then
    their 增减变化金额 (derived, as printed); the report's own unit opens the rows ((本级) for a 部门).
    ``cell(cents)`` prints one amount (zeros 0.00, as 深圳 prints its empty fund columns)."""
    top = ["预算单位", "年度"] + [x for label, _ in FUND_PARTS[:3] for x in (label, "", "")] + [FUND_PARTS[3][0]] + [""] * 8
    middle = ["", ""] + [""] * 9 + [x for label in ("小计", *(p for p, _ in FUND_PARTS[4:])) for x in (label, "", "")]
    prior, now = report.tp("prior_budget"), report.tp("budget")

    def cells(values) -> list[str]:
        return [x for _, item in FUND_PARTS for x in (cell(values(item)), cell(0), cell(0))]

    unit = report.unit.name + "(本级)" * (report.unit.scope == "department")
    rows = [[unit, f"{report.year - 1}年", *cells(prior.get)], ["", f"{report.year}年", *cells(now.get)],
            ["", "增减变化金额", *cells(lambda item: now.get(item) - prior.get(item))]]
    return [top, middle, ["", "", *FUND_NAMES * len(FUND_PARTS)]], rows
