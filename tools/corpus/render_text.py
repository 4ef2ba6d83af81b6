"""Print a model Report as a text extraction: tab-separated cells, blank lines at page breaks, marks
left by the extractor. The layout family (generate.Layout) decides titles, 万元 or 元, split header
cells, 06 as 3/4 column groups (决算) or coded with 合计/人员经费/公用经费 (预算), 三公 wide, long or by fund
(render_three_public.py), a 部门's 预算 05 as anonymous blocks (blocks.py), a 预算 支出 by 经济分类
(econ_summary.py), bold totals, wrong printed numbers, watermark lines and radical code points in one title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.corpus.blocks import blocks_table, split_blocks
from tools.corpus.econ_summary import econ_summary_table
from tools.corpus.families import LEVEL_WORDS, blank_lead, code_header, lead_cells, money, real_title
from tools.corpus.labels import COMBINED_TITLE, FUNC_TABLES, INCOME_ROWS, OPERATING_PARTS, VEHICLE_KINDS
from tools.corpus.model import UNIT_TYPES, Report, econ_measure, names
from tools.corpus.render_three_public import three_public

if TYPE_CHECKING:
    from tools.corpus.generate import Layout

DIGITS = "零一二三四五六七八九"
RADICALS = str.maketrans({"一": "\u2f00", "支": "\u2f40", "门": "\u2ed4"})  # ⼀ ⽀ ⻔ (Kangxi / CJK Radicals Supplement)
ORDER = {"final": ("summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure", "gpb_basic_expenditure",
                   "gov_fund", "soe_capital", "three_public", "operating_costs"),
         "budget": ("summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure", "gpb_basic_expenditure",
                    "three_public", "gov_fund", "soe_capital")}


def cn(n: int) -> str:
    """Chinese numeral 1–99 as used in list labels (八, 十九, 二十六)."""
    return DIGITS[n] if n < 10 else ("" if n < 20 else DIGITS[n // 10]) + "十" + (DIGITS[n % 10] if n % 10 else "")


class TextRenderer:
    """Prints one report; render() returns the whole text (UTF-8, one line per printed line)."""

    def __init__(self, report: Report, layout: Layout) -> None:
        self.r, self.lay, self.out, self.seq = report, layout, [], 0
        self.final = report.stage == "final"
        self.word = "部门" if report.unit.scope == "department" else "单位"

    def m(self, cents: int, zero: bool = False) -> str:
        """A money cell: blank for zero unless ``zero``; 2 (or 6) decimals in 万元, or ×10000 in 元."""
        return money(cents, self.lay.yuan, self.lay.sep, self.lay.fine) if cents or zero else ""

    def b(self, text: str) -> str:
        return f"<b>{text}</b>" if self.lay.bold and text else text

    def table(self, kind: str, header: list, rows: list, note: str = "", after: list = (), title: str = "") -> None:
        lay = self.lay
        self.seq += 1
        n = self.seq + 7 * (kind == lay.wrong)  # a wrong printed number ("支出决算表 公开09表")
        inline = None if title else real_title(self.r.stage, lay.titles, kind, n, self.r.year)  # number on the title's line
        title = title or inline or lay.aliases[kind].replace("三公", "“三公”")
        title = title[1:] if lay.ocr and kind == "gov_fund" else title  # OCR dropped a character
        if lay.tables_only:  # no cover to say 部门 or 单位: the titles agree with the 部门:/单位名称: line
            title = title.replace({"部门": "单位", "单位": "部门"}[self.word], self.word)
        title = title.translate(RADICALS) if kind == lay.radical else title
        pre = [(f"公开{n:02d}表", f"公开 {n:02d} 表", f"表{n}", f"表 {n}")[lay.number]] * (not inline)
        pre += [f"{'部门' if self.word == '部门' else '单位名称'}:{self.r.unit.name}"] * lay.tables_only  # the unit's only mention
        if self.final or lay.tables_only:
            year = "024年度" if lay.ocr and kind == "fiscal_summary" else f"{self.r.year}年度"
            pre += [f"单位：{self.r.unit.name}"] * lay.unit_lines + [year]
        split = lay.money_split and kind == "gpb_basic_expenditure" and not lay.yuan
        pre += ["单位：万", "元"] if split else [f"{'金额' * (self.seq % 2)}单位：{'元' if lay.yuan else '万元'}"]
        heading = f"**{title}**" if lay.mark == "**" else lay.mark + title
        block = [line for p in pre for line in (p, "")]
        self.out += [""] + (block + [heading, ""] if lay.before else [heading, ""] + block)
        if lay.page_break and kind == "expenditure" and len(rows) > 6:  # runs over a page, header repeated
            rows = rows[: len(rows) // 2] + [["仅供内部审核"]] * lay.watermark + [[]] + header + rows[len(rows) // 2:]
        elif lay.watermark and kind == "gpb_expenditure" and len(rows) > 4:
            rows = rows[:3] + [["仅供内部审核"]] + rows[3:]
        self.out += ["\t".join(cells) for cells in header + rows] + (["", note] if note else [])
        self.out += [""] * bool(after) + ["\t".join(cells) for cells in after]

    # ---- two-sided tables: 01 收支总表, 04 财政拨款收支总表
    def two_sided(self, kind: str, header: list, left: list, right: list, tail: list) -> None:
        left = left + [("", (0,) * len(left[0][1]))] * (len(right) - len(left))
        body = [(a, x, b, y) for (a, x), (b, y) in zip(left, right)] + tail
        rows = []
        for i, (a, x, b, y) in enumerate(body, 1):
            bold = self.b if "计" in a + b else str
            rows.append([bold(a), *[str(i)] * self.final, *(bold(self.m(v)) for v in x),
                         bold(b), *[str(len(body) + i)] * self.final, *(bold(self.m(v)) for v in y)])
        self.table(kind, header, rows, "注：本表反映本年度的总收支和年末结转结余情况。")

    def class_rows(self, key: str, paren: bool = False, wide: bool = False) -> list:
        """The 功能分类 类 list of the expenditure side, printed by name only ("八、社会保障和就业支出"); in the
        names family, the report's 类 (enumerated) with their 款 and 项 indented under them (Zhejiang, Shenzhen)."""
        if self.lay.summary_names:
            rows, i = [], 0
            for code, name, (v,) in self.r.func_rows((key,)):
                i += len(code) == 3
                label = (f"（{cn(i)}）{name}" if paren else f"{cn(i)}、{name}") if len(code) == 3 else lead_cells(code, "func", "bare")[0]
                rows.append((label, (v,) * (2 if wide else 1) + (0, 0) * wide))
            return rows
        totals = self.r.class_totals(key)
        listed = [(c, n) for c, n in names("func").items() if len(c) == 3 and not (self.final and c in ("209", "227", "230", "233"))]
        return [(f"（{cn(i)}）{n}" if paren else f"{cn(i)}、{n}", (totals.get(c, 0),) * (2 if wide else 1) + (0, 0) * wide)
                for i, (c, n) in enumerate(listed, 1)]

    def summary(self) -> None:
        r, t = self.r, self.r.total("total")
        labels = INCOME_ROWS[r.stage]
        left = [(f"{cn(i)}、{x}", (r.total("gpb") if i == 1 else r.total("other") if i == len(labels) else 0,))
                for i, x in enumerate(labels, 1)]
        if self.final:
            tail = [("本年收入合计", (t,), "本年支出合计", (t,)), ("使用非财政拨款结余（含专用结余）", (0,), "结余分配", (0,)),
                    ("年初结转和结余", (0,), "年末结转和结余", (0,)), ("", (0,), "", (0,)), ("总计", (t,), "总计", (t,))]
            header = [["收入", "", "", "支出", "", ""], ["项目", "行次", "金额", "项目", "行次", "金额"], ["栏次", "", "1", "栏次", "", "2"]]
        else:
            tail = [("本年收入合计", (t,), "本年支出合计", (t,)), ("上年结转结余", (0,), "年终结转结余", (0,)),
                    ("收 入 总 计", (t,), "支 出 总 计", (t,))]
            header = [["收 入", "", "支 出", ""], ["项 目", "预算数", "项 目", "预算数"]]
        self.two_sided("summary", header, left, self.class_rows("total"), tail)

    def fiscal_summary(self) -> None:
        g = self.r.total("gpb")
        funds = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
        if self.final:
            left = [(f"{cn(i)}、{x}", (g if i == 1 else 0,)) for i, x in enumerate(funds, 1)]
            tail = [("本年收入合计", (g,), "本年支出合计", (g, g, 0, 0)), ("年初财政拨款结转和结余", (0,), "年末财政拨款结转和结余", (0,) * 4),
                    *((x, (0,), "", (0,) * 4) for x in funds), ("总计", (g,), "总计", (g, g, 0, 0))]
            header = [["收 入", "", "", "支 出", *[""] * 5], ["项目", "行次", "金额", "项目", "行次", "合计", *funds],
                      ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]]
            return self.two_sided("fiscal_summary", header, left, self.class_rows("gpb", wide=True), tail)
        grants = [(f"（{cn(i)}）{x.replace('财政拨款', '拨款')}", (g if i == 1 else 0,)) for i, x in enumerate(funds, 1)]
        left = [("一、本年收入", (g,)), *grants, ("二、上年结转", (0,)), *((a, (0,)) for a, _ in grants)]
        right = [("一、本年支出", (g,)), *self.class_rows("gpb", paren=True), ("二、年终结转结余", (0,))]
        header = [["收 入", "", "支 出", ""], ["项目", "预算数", "项目", "预算数"]]
        self.two_sided("fiscal_summary", header, left, right, [("收 入 总 计", (g,), "支 出 总 计", (g,))])

    # ---- tables keyed by 功能分类 (02, 03, 05)
    def coded(self, kind: str) -> None:
        if kind == "gpb_expenditure" and self.lay.blocks and split_blocks(self.r):  # 北京 预算05表 (blocks.py)
            return self.table(kind, *blocks_table(self.r, self.m, self.lay.zeros))
        columns, keys = (spec.split() for spec in FUNC_TABLES[self.r.stage, kind])
        zero, style = self.lay.zeros and kind == "gpb_expenditure", self.lay.codes
        rows = [[*lead_cells(c, "func", style, n), *(self.m(v, zero and i > 0) for i, v in enumerate(vals))]
                for c, n, vals in self.r.func_rows(tuple(keys))]
        totals, split = [self.m(self.r.total(k)) for k in keys], style.startswith("split")
        top, low = code_header("func", style, "功能分类科目编码" if split else self.lay.code_header if self.final else "科目编码",
                               "功能分类科目名称" if split else "科目名称")
        pad, level = [""] * (len(top) - 1), [[*low, *[""] * len(keys)]] * split  # the 类 | 款 | 项 row
        if self.final:
            rows.insert(0, [self.b("合计") if self.lay.bold else "合 计", *pad, *totals])
            if kind == "gpb_expenditure" and self.lay.split:
                header = [["项目", *pad, "本年支出", "", ""], [*top, "小计", "基本支出", "项目支出"]]
            elif self.lay.split and kind == "income":  # split header cells: 本年收入合 / 计
                header = [["项目", *pad, *(c[:-1] for c in columns[:-1]), columns[-1]], [*top, *(c[-1] for c in columns[:-1]), ""]]
            else:
                header = [["项目", *pad, *columns], [*top, *[""] * len(columns)]]
            header += level + [["栏次", *pad, *map(str, range(1, len(keys) + 1))]]
        else:
            rows.append([*blank_lead("func", style), self.b("合 计"), *map(self.b, totals)])
            header = [[*top, *(c.replace("_", "") for c in columns)]]
            if kind == "gpb_expenditure":
                header.append([*low, "", "小计", "人员经费", "公用经费", ""])
            else:
                header += level
        self.table(kind, header, rows, "注：本表反映本年度各项收支情况。")

    # ---- 06 基本支出 by 经济分类
    def basic_by_econ(self) -> None:
        amounts, econ = self.r.econ_amounts(), names("econ")
        personnel, public = self.r.econ_total("personnel"), self.r.econ_total("public_use")
        if not self.final:
            style = self.lay.codes
            rows = [[*lead_cells(c, "econ", style), self.m(v), *(self.m(v if econ_measure(c) == m else 0) for m in ("personnel", "public_use"))]
                    for c, v in sorted(amounts.items())]
            rows.append([*blank_lead("econ", style), self.b("合 计"), *map(self.b, (self.m(personnel + public), self.m(personnel), self.m(public)))])
            top, low = code_header("econ", style, "经济分类科目编码", "部门经济分类科目名称")
            header = ([[*top, "本年一般公共预算基本支出", "", ""], [*low, "合计", "人员经费", "公用经费"]] if style not in ("whole", "names") else
                      [["部门预算支出经济分类科目", "", "本年一般公共预算基本支出", "", ""], ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]])
            return self.table("gpb_basic_expenditure", header, rows)
        block = {k: [c for c in econ if c[:3] == k] for k in ("301", "302", "303", "307", "310", "312", "399")}
        goods, half = block["302"], len(block["302"]) // 2 + 1
        rest = block["310"] + block["312"] + block["399"]
        columns = [block["301"] + block["303"], *([goods, block["307"] + rest] if self.lay.groups == 3
                                                  else [goods[:half], goods[half:] + block["307"], rest])]

        def cell(column: list[str], i: int) -> list[str]:
            if i >= len(column):
                return ["", "", ""]
            code = column[i]
            return [code[:4] if self.lay.truncate and len(code) == 5 else code, econ[code], self.m(amounts.get(code, 0))]

        width = 3 * len(columns)
        rows = [[x for column in columns for x in cell(column, i)] for i in range(max(map(len, columns)))]
        rows.append(["人员经费合计", "", self.m(personnel), "公用经费合计", *[""] * (width - 5), self.m(public)])
        code = {"功能分类科目编码": "科目编码", "科目编码": "科目代码", "科目代码": "科目代 码"}[self.lay.code_header]
        header = [["人员经费", "", "", "公用经费", *[""] * (width - 4)]] * self.lay.group_header + [[code, "科目名称", "决算数"] * len(columns)]
        self.table("gpb_basic_expenditure", header, rows, "注：本表反映本年度一般公共预算财政拨款基本支出明细情况。")

    def empty_fund(self, kind: str) -> None:
        name = {"gov_fund": "政府性基金", "soe_capital": "国有资本经营"}[kind]
        zeros = [self.m(0, self.lay.zeros)] * (6 if self.final else 3)
        if self.final:
            header = [["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
                      [self.lay.code_header, "科目名称", "", "", "小计", "基本支出", "项目支出", ""], ["栏次", "", *map(str, range(1, 7))]]
            rows = [["合计", "", *zeros]]
        else:
            header, rows = [["科目编码", "科目名称", f"本年{name}预算支出", "", ""], ["", "", "合计", "基本支出", "项目支出"]], [["", "合 计", *zeros]]
        self.table(kind, header, rows, f"注：本{self.word}无{name}预算财政拨款收入、支出及结转结余，故本表为空表。")

    def three_public(self) -> None:  # 09 三公 (render_three_public.py)
        three_public(self)

    # ---- 机关运行经费 (决算, 行政/参公 units): item list, by 经济分类, or the combined table 11
    def operating_costs(self) -> None:
        r, lay, amounts, total = self.r, self.lay, self.r.econ_amounts(), self.r.operating_costs
        if lay.ops == "items":
            parts = [(label, sum(amounts.get(c, 0) for c in codes.split())) for label, codes in OPERATING_PARTS]
            parts.append(("其他费用", total - sum(v for _, v in parts)))
            rows = [["机关运行经费支出", "1", self.m(total)]] + [["其中：" * (i == 0) + a, str(i + 2), self.m(v)] for i, (a, v) in enumerate(parts)]
            self.table("operating_costs", [["项目", "行次", "金额"]], rows)
        elif lay.ops == "coded":
            rows = [["合计", "", self.m(total)]] + [[c, names("econ")[c], self.m(v)] for c, v in sorted(amounts.items())
                                                    if econ_measure(c) == "public_use"]
            self.table("operating_costs", [["项目", "", "机关运行经费支出决算数"], ["经济分类编码", "经济分类名称", ""]], rows)
        elif lay.ops == "combined":
            goods, works, services = r.procurement
            vehicles = str(dict(r.counts)["vehicle_stock"] or "")
            rows = [("一、机关运行经费", self.m(total)), ("（一）行政单位", self.m(total * (r.unit.type == "行政"))),
                    ("（二）参照公务员法管理事业单位", self.m(total * (r.unit.type == "参公"))), ("二、资产信息", ""), ("（一）车辆数合计（辆）", vehicles),
                    *((f"{i}. {k}", vehicles * (i == 8)) for i, k in enumerate(VEHICLE_KINDS, 1)), ("（二）单价100万元（含）以上设备（不含车辆）", ""),
                    ("三、政府采购支出信息", ""), ("（一）政府采购支出合计", self.m(goods + works + services)), ("1. 政府采购货物支出", self.m(goods)),
                    ("2. 政府采购工程支出", self.m(works)), ("3. 政府采购服务支出", self.m(services))]
            self.table("operating_costs", [["项 目 栏 次", "行次", "统计数 1"]], [[a, str(i), v] for i, (a, v) in enumerate(rows, 1)],
                       title=COMBINED_TITLE)

    # ---- the document
    def render(self, narrative: list[str]) -> str:
        r, lay, stage = self.r, self.lay, "决算" if self.final else "预算"
        word = self.word.replace("门", "⻔") if lay.radical == "summary" else self.word  # a radical in the report title
        title = [[f"# **{r.unit.name}**", "", f"## **{r.year} 年度{word}{stage}**"],
                 [f"{r.year} 年度{r.unit.name}" + (f"{word}决算公开报告" if self.final else f"（{word}）预算公开")],
                 [f"{r.unit.name}  ", f"{r.year} 年度{word}{stage}"]][lay.title]
        parts = (f"{self.word}概况", f"{r.year} 年度{self.word}{stage}情况说明", f"{r.year} 年度{self.word}{stage}公开报表")
        order = (0, 1, 2) if lay.narrative_first else (0, 2, 1)
        if lay.tables_only:  # no cover, no narrative: the unit only in the tables' 部门:/单位名称: line
            self.out = []
            self.tables()
            return "\n".join(self.out) + "\n"
        self.out = ["", *title, "", "目 录" if lay.title else "# 目录", ""]
        self.out += [f"- 第{cn(i)}部分 {parts[k]}" for i, k in enumerate(order, 1)]
        self.out += ["", f"## 第一部分 {self.word}概况", "", "### 一、主要职责", "",
                     f"{r.unit.name}是{UNIT_TYPES[r.unit.type]}，主要负责贯彻执行国家和地方有关方针政策和法律法规，承担本领域的公共服务和行业管理工作，"
                     f"完成上级交办的其他任务。纳入本{self.word} {r.year} 年度{stage}编制范围的预算单位共计 1 个，具体包括：{r.unit.name}本级。"]
        for i, k in enumerate(order[1:], 2):
            self.out += ["", f"## 第{cn(i)}部分 {parts[k]}", ""]
            if k == 1:
                self.out += [line for paragraph in narrative for line in (paragraph, "")]
                continue
            self.out += ["（本套报表金额单位为元）" if lay.yuan else "（本套报表金额单位转换时可能存在尾数误差）"]
            self.tables()
        return "\n".join(self.out) + "\n"

    def tables(self) -> None:
        for kind in ORDER[self.r.stage]:
            {"summary": self.summary, "fiscal_summary": self.fiscal_summary, "gpb_basic_expenditure": self.basic_by_econ,
             "three_public": self.three_public, "operating_costs": self.operating_costs,
             "gov_fund": lambda: self.empty_fund("gov_fund"), "soe_capital": lambda: self.empty_fund("soe_capital"),
             }.get(kind, lambda kind=kind: self.coded(kind))()
        if self.lay.econ_summary and not self.final:  # 湖南 支出预算分类汇总表(按部门预算经济分类), after the others
            self.table("expenditure_econ", *econ_summary_table(self.r, self.m))
