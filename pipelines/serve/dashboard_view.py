"""How the dashboard shows figures: Chinese labels, exact amounts with blanks left blank, shares, bars where a
department total (部门汇总) is visibly not a unit, trust marks, the findings next to the numbers."""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

FONT = "Noto Sans CJK SC"
STAGES = {"budget": "预算", "final": "决算"}
REPORTS = {"budget": "预算报告", "final": "决算报告"}
SCOPES = {"department_total": "部门汇总", "department": "部门", "unit": "单位"}  # headline figure first
TRUST = {True: "✔", False: "✘ 不符"}  # v_facts.verified; null (no identity covers it): blank
THREE_PUBLIC = {
    "three_public_total": "三公经费合计", "outbound_travel": "因公出国（境）费", "official_vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "official_reception": "公务接待费",
    "domestic_reception": "国内接待费", "foreign_affairs_reception": "外事接待费",
}
TABLE_KINDS = {"expenditure": "支出表", "gpb_basic_expenditure": "基本支出表", "three_public": "三公经费表",
               "gpb_expenditure": "一般公共预算支出表", "summary": "收支总表", "fiscal_summary": "财政拨款收支总表",
               "income": "收入表", "gov_fund": "政府性基金表", "soe_capital": "国有资本经营预算表",
               "gpb_project_expenditure": "项目支出表", "operating_costs": "机关运行经费", "procurement": "政府采购"}
LONG_TEXT = {"detail", "expected", "observed", "source_text"}
PERCENT_SUFFIX = " %"


@alt.theme.register("yjs_cjk", enable=True)
def _cjk_theme() -> alt.theme.ThemeConfig:
    """Noto CJK everywhere in charts so Chinese labels render."""
    text = {"labelFont": FONT, "titleFont": FONT, "labelLimit": 360}
    return {"config": {"font": FONT, "axis": text, "legend": text, "header": text, "title": {"font": FONT}}}


def figure_text(value, decimals: int | None = None) -> str:
    """An amount as printed: every decimal it has (at least two), no rounding; a blank cell stays blank."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (int, np.integer)):  # counts (cells, facts): no decimals
        return str(value)
    if decimals is not None:
        return f"{value:.{decimals}f}"
    text = f"{value:.6f}".rstrip("0")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def series(df: pd.DataFrame) -> pd.Series:
    """'unit year stage [scope]': a department's 汇总 is never mistaken for one unit."""
    return (df.unit_name + " " + df.year.astype(str) + " " + df.stage.map(STAGES)
            + " [" + df.scope.map(SCOPES).fillna(df.scope) + "]")


def with_share(df: pd.DataFrame, value: str, by: str) -> pd.DataFrame:
    """share: the row's % of its series' total (Σ of the rows shown), so a 10-unit 汇总 and one unit compare."""
    total = df.groupby(by)[value].transform("sum")
    return df.assign(share=(100 * df[value] / total.where(total != 0)).round(2))


def show(df: pd.DataFrame, columns: dict[str, str], percent: tuple[str, ...] = ()) -> None:
    """A table with Chinese headers; figures right-aligned as printed, blanks blank, trust marked, then lineage."""
    lineage = {"source": "source", "source_text": "印刷文字", "document_id": "document_id", "source_page": "source_page",
               **{k: v for k, v in columns.items() if k.endswith(("document_id", "source_page"))}}
    figures = {k: v for k, v in columns.items() if k not in LONG_TEXT and k not in lineage}
    if "verified" in df.columns:
        figures["verified"] = "校验"
    columns = {**figures, **lineage, **{k: v for k, v in columns.items() if k in LONG_TEXT}}
    for column, labels in (("stage", STAGES), ("reported_in", REPORTS), ("table_kind", TABLE_KINDS), ("scope", SCOPES)):
        if column in df.columns:
            df = df.assign(**{column: df[column].map(labels).fillna(df[column])})
    if "verified" in df.columns:
        df = df.assign(verified=df.verified.map(lambda v: "" if pd.isna(v) else TRUST[bool(v)]))
    table = df[[c for c in columns if c in df.columns]].rename(columns=columns)
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c]) and c not in ("年度", "source_page")]
    for c in numeric:
        table[c] = table[c].map(lambda v, c=c: figure_text(v, 2 if c.endswith(PERCENT_SUFFIX) else None))
    table = table.astype(object).where(table.notna(), "")  # None/NaN: an empty cell, not "None"
    config = {c: st.column_config.TextColumn(width="small", alignment="right") for c in numeric}
    config |= {c: st.column_config.TextColumn(width="medium") for c in ("项目", "名称") if c in table}
    config["source"] = st.column_config.TextColumn(width="large", help="file, page and line the figure was read from")
    config["校验"] = st.column_config.TextColumn(width="small", help="✔ its identities hold · ✘ one fails · blank: none covers it")
    st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 600), column_config=config)
    if "verified" in df.columns and (df.verified == TRUST[False]).any():
        st.warning(f"✘ {int((df.verified == TRUST[False]).sum())} 行含校验不符的数字 (verified = false): 见“校验发现”。")


def findings_for(findings: pd.DataFrame, docs, kinds, title: str) -> None:
    """Expander with the warning/error findings of these documents and table kinds, next to the numbers."""
    rows = findings[findings.document_id.isin(set(docs)) & findings.table_kind.isin(set(kinds))]
    severe = rows[rows.severity.isin(["warning", "error"])]
    info = int((rows.severity == "info").sum())
    with st.expander(f"校验发现 · {title}: {len(severe)} warning/error, {info} info", expanded=len(severe) > 0):
        if severe.empty:
            st.caption("没有 warning/error。")
        else:
            show(severe, {"severity": "级别", "check": "规则", "row_label": "行", "detail": "说明"})


def bars(df: pd.DataFrame, y: str, x: str, color: str, title: str, unit: str = "万元") -> None:
    """Horizontal grouped bars; a department total (部门汇总) drawn hatched-light with a dashed outline."""
    total = df.get("scope", pd.Series("", index=df.index)).eq("department_total")
    df = df.assign(汇总=total.map({True: "部门汇总", False: "单位/部门"}))
    chart = alt.Chart(df, title=title).mark_bar(stroke="#333").encode(
        y=alt.Y(f"{y}:N", title=None), x=alt.X(f"{x}:Q", title=unit), color=alt.Color(f"{color}:N", title=None),
        yOffset=f"{color}:N",
        opacity=alt.Opacity("汇总:N", scale=alt.Scale(domain=["单位/部门", "部门汇总"], range=[1.0, 0.45]), title=None),
        strokeDash=alt.StrokeDash("汇总:N", scale=alt.Scale(domain=["单位/部门", "部门汇总"], range=[[1, 0], [4, 2]]),
                                  legend=None),
        tooltip=[y, color, alt.Tooltip(f"{x}:Q", format=",.2f"), "source"])
    st.altair_chart(chart, theme=None, width="stretch")


def amount_or_share(key: str) -> bool:
    """The 万元 / 占比 switch of a tab: True when shares are asked for."""
    return st.radio("显示", ["万元", "占比 %"], horizontal=True, key=key) == "占比 %"


def drill(df: pd.DataFrame, code: str, name: str, levels: int, key: str) -> tuple[pd.DataFrame, str]:
    """类 → 款 (→ 项): pick a 类 to see its 款, a 款 to see its 项; returns the rows of the level shown and its name."""
    level_names = ["类", "款", "项"]
    shown, prefix = df[df.level == 1], ""
    cols = st.columns(levels - 1 + 2)
    for depth in range(1, levels):
        options = shown[code].drop_duplicates().sort_values().tolist()
        names = dict(zip(shown[code], shown[name].fillna("")))
        picked = cols[depth - 1].selectbox(f"{level_names[depth - 1]} (展开{level_names[depth]})", ["全部"] + options,
                                           key=f"{key}-{depth}", format_func=lambda c: c if c == "全部" else f"{c} {names[c]}")
        if picked == "全部":
            return shown, level_names[depth - 1]
        prefix = picked
        shown = df[(df.level == depth + 1) & df[code].str.startswith(prefix)]
    return shown, level_names[levels - 1]
