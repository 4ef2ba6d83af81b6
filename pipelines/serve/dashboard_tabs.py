"""The dashboard's structure tabs: 功能分类 (类 → 款 → 项), 经济分类 (类 → 款) and 三公经费, in 万元 or as shares."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pipelines.serve.dashboard_view import (SCOPES, STAGES, THREE_PUBLIC, amount_or_share, bars, drill, findings_for,
                                            series, show, with_share)


def first_report(df: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, str]:
    """Rows of the unit's latest report (a final account before a budget, its broadest scope) and a caption."""
    mine = df[df.unit_name == unit]
    if mine.empty:
        return mine, ""
    breadth = mine.scope.map({scope: -rank for rank, scope in enumerate(SCOPES)})
    row = mine.assign(breadth=breadth).sort_values(["year", "stage", "breadth"], ascending=False).iloc[0]
    own = mine[(mine.year == row.year) & (mine.stage == row.stage) & (mine.scope == row.scope)]
    return own, f"{unit} {row.year} {STAGES[row.stage]} ({SCOPES.get(row.scope, row.scope)})"


def tab_function(df: pd.DataFrame, findings: pd.DataFrame, first: str) -> None:
    st.subheader("功能分类 支出结构 (类 → 款 → 项)")
    if df.empty:
        return st.info("所选单位/年度没有支出表 (03)。")
    own, caption = first_report(df[df.level == 1], first)
    if not own.empty:
        st.metric(f"支出合计 · {caption}", f"{own.total.sum():,.2f}")
    shares = amount_or_share("function-share")
    shown, level = drill(df, "func_code", "func_name", 3, "function")
    if shown.empty:
        return st.info(f"所选{level}下没有更细的科目。")
    shown = with_share(shown.assign(label=shown.func_code + " " + shown.func_name.fillna(""), series=series(shown)),
                       "total", "series")
    bars(shown, "label", "share" if shares else "total", "series", f"本年支出合计 by {level}",
         unit="占本级合计 %" if shares else "万元")
    show(shown, {"unit_name": "单位", "year": "年度", "stage": "阶段", "scope": "范围", "func_code": "功能分类",
                 "func_name": "名称", "total": "合计", "share": "占比 %", "basic": "基本支出", "project": "项目支出"})
    findings_for(findings, shown.document_id, ["expenditure"], "支出表")


def tab_econ(df: pd.DataFrame, findings: pd.DataFrame, first: str) -> None:
    st.subheader("经济分类 人员经费/公用经费 (类 → 款)")
    if df.empty:
        return st.info("所选单位/年度没有基本支出表 (06)。")
    own, caption = first_report(df[df.level == 1], first)
    if not own.empty:
        left, right = st.columns(2)
        left.metric(f"人员经费 · {caption}", f"{own.personnel.sum():,.2f}")
        right.metric(f"公用经费 · {caption}", f"{own.public_use.sum():,.2f}")
    shares = amount_or_share("econ-share")
    shown, level = drill(df, "econ_code", "econ_name", 2, "econ")
    if shown.empty:
        return st.info(f"所选{level}下没有更细的科目。")
    shown = with_share(shown.assign(series=series(shown)), "total", "series")
    long = shown.assign(label=shown.econ_code + " " + shown.econ_name.fillna("")).melt(
        id_vars=["label", "series", "scope", "source"], value_vars=["personnel", "public_use"], var_name="kind",
        value_name="amount").dropna(subset=["amount"])
    long = with_share(long.assign(kind=long.series + " " + long.kind.map({"personnel": "人员经费", "public_use": "公用经费"})),
                      "amount", "series")
    bars(long, "label", "share" if shares else "amount", "kind", f"基本支出 by 经济分类 {level}",
         unit="占基本支出 %" if shares else "万元")
    show(shown, {"unit_name": "单位", "year": "年度", "stage": "阶段", "scope": "范围", "econ_code": "经济分类",
                 "econ_name": "名称", "personnel": "人员经费", "public_use": "公用经费", "total": "合计",
                 "share": "占比 %"})
    findings_for(findings, shown.document_id, ["gpb_basic_expenditure"], "基本支出表")


def tab_three_public(df: pd.DataFrame, findings: pd.DataFrame, first: str) -> None:
    st.subheader("三公经费 预算 vs 决算")
    if df.empty:
        return st.info("所选单位/年度没有三公经费表。")
    df = df.assign(item_label=df.item.map(THREE_PUBLIC).fillna(df.item), rate=df.execution_rate * 100)
    totals = df[(df.unit_name == first) & (df.item == "three_public_total")].assign(
        has_final=lambda t: t.final_amount.notna(), from_final=lambda t: t.reported_in == "final",
        breadth=lambda t: t.scope.map({scope: -rank for rank, scope in enumerate(SCOPES)}).astype(float))
    if not totals.empty:  # latest year with an actual, from the final account, broadest scope
        row = totals.sort_values(["has_final", "fiscal_year", "from_final", "breadth"], ascending=False).iloc[0]
        cols = st.columns(3)
        label = f"· {first} {row.fiscal_year} ({SCOPES.get(row.scope, row.scope)})"
        cols[0].metric(f"三公经费预算 {label}", "—" if pd.isna(row.budget_amount) else f"{row.budget_amount:,.2f}")
        cols[1].metric(f"三公经费决算 {label}", "—" if pd.isna(row.final_amount) else f"{row.final_amount:,.2f}")
        cols[2].metric(f"执行率 {label}", "—" if pd.isna(row.rate) else f"{row.rate:.1f}%")
    long = df.melt(id_vars=["unit_name", "fiscal_year", "scope", "item_label", "source"], var_name="kind",
                   value_name="amount", value_vars=["budget_amount", "final_amount"]).dropna(subset=["amount"])
    long["kind"] = (long.unit_name + " " + long.fiscal_year.astype(str) + " [" + long.scope.map(SCOPES).fillna("")
                    + "] " + long.kind.map({"budget_amount": "预算", "final_amount": "决算"}))
    bars(long.drop_duplicates(["item_label", "kind"]), "item_label", "amount", "kind", "三公经费 (万元)")
    show(df, {"unit_name": "单位", "fiscal_year": "年度", "scope": "范围", "reported_in": "出自", "item_label": "项目",
              "budget_amount": "预算数", "final_amount": "决算数", "rate": "执行率 %"})
    findings_for(findings, df.document_id, ["three_public"], "三公经费表")
