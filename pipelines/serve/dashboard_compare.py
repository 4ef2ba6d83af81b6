"""The dashboard's comparison and trust tabs: 预算 vs 决算 (execution rate chart), 同比, coverage per report,
the facts with their printed text, and the findings."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from pipelines.serve.dashboard_view import TABLE_KINDS, THREE_PUBLIC, TRUST, findings_for, show


def _code(df: pd.DataFrame) -> pd.Series:
    return df.func_code.fillna(df.econ_code).fillna(df.item.map(THREE_PUBLIC).fillna(df.item))


def tab_budget_vs_final(df: pd.DataFrame, findings: pd.DataFrame) -> None:
    st.subheader("预算 vs 决算")
    if df.empty:
        return st.info("所选单位/年度没有同时载入预算和决算的数字。")
    code = _code(df)
    df = df.assign(code=code.where(df.measure == "amount", code + " · " + df.measure), rate=df.execution_rate * 100)
    st.metric("可比数字", len(df))
    rated = df.dropna(subset=["rate"]).assign(
        label=lambda t: t.table_kind.map(TABLE_KINDS).fillna(t.table_kind) + " " + t.code, series=lambda t: t.unit_name + " " + t.fiscal_year.astype(str))
    if not rated.empty:  # 决算/预算: over 100 % spent more than budgeted
        bars = alt.Chart(rated, title="执行率 (决算 ÷ 预算, %)").mark_bar().encode(
            y=alt.Y("label:N", title=None), x=alt.X("rate:Q", title="执行率 %"), color=alt.Color("series:N", title=None),
            yOffset="series:N", tooltip=["label", "series", alt.Tooltip("rate:Q", format=".1f"),
                                         alt.Tooltip("budget_amount:Q", format=",.2f"),
                                         alt.Tooltip("final_amount:Q", format=",.2f"), "source"])
        full = alt.Chart(pd.DataFrame({"rate": [100]})).mark_rule(strokeDash=[4, 3], color="#b00020").encode(x="rate:Q")
        st.altair_chart(bars + full, theme=None, width="stretch")
    show(df, {"unit_name": "单位", "fiscal_year": "年度", "table_kind": "表", "code": "科目/项目",
              "budget_amount": "预算数", "final_amount": "决算数", "difference": "差额", "rate": "执行率 %",
              "budget_document_id": "预算 document_id"})
    docs = set(df.budget_document_id) | set(df.final_document_id)
    findings_for(findings, docs, set(df.table_kind), "预算/决算")


def tab_yoy(df: pd.DataFrame, findings: pd.DataFrame) -> None:
    st.subheader("同比 (YoY)")
    if df.empty:
        return st.info("所选单位没有连续两年的同类报告, 无法计算同比。")
    kinds = sorted(df.table_kind.unique(), key=lambda k: (k != "expenditure", k))
    kind = st.columns([1, 3])[0].selectbox("表", kinds, format_func=lambda k: TABLE_KINDS.get(k, k))
    df = df[df.table_kind == kind]
    df = df.assign(code=_code(df), growth_pct=df.growth * 100)
    left, right = st.columns(2)
    left.metric(f"同比行数 · {TABLE_KINDS.get(kind, kind)}", len(df))
    right.metric("可比 (comparable)", int((df.comparability == "comparable").sum()))
    show(df, {"unit_name": "单位", "year": "年度", "stage": "阶段", "code": "科目/项目",
              "measure": "口径", "prior_amount": "上年", "amount": "本年", "change": "变动", "growth_pct": "增长率 %",
              "comparability": "可比性"})
    findings_for(findings, set(df.document_id.dropna()) | set(df.prior_document_id.dropna()), [kind], "同比")


def tab_coverage(documents: pd.DataFrame, tables: pd.DataFrame) -> None:
    """Per report: share of printed amount cells loaded and of loaded facts verified; per table the same."""
    st.subheader("覆盖率 (每份报告)")
    if documents.empty:
        return st.info("所选单位/年度没有报告。")
    counts = ["printed_cells", "facts", "verified_facts", "unverified_facts", "quarantined_tables", "quarantined_facts",
              "tables_not_read", "coverage_gaps", "table_seq"]
    documents, tables = ((df.astype({c: "Int64" for c in counts if c in df}) for df in (documents, tables)))
    gaps = documents[(documents.facts_pct.fillna(0) < 100) | (documents.coverage_gaps > 0)
                     | (documents.quarantined_tables > 0) | documents.printed_cells.isna()]
    if gaps.empty:
        st.success("所选报告印刷的金额格全部载入。")
    else:
        st.warning(f"{len(gaps)} 份报告未完整载入: " + "; ".join(gaps.file_name))
    show(documents, {"file_name": "文件", "unit_name": "单位", "year": "年度", "stage": "阶段", "scope": "范围",
                     "printed_cells": "印刷金额格", "facts": "已载入", "facts_pct": "载入 %",
                     "verified_facts": "已校验", "verified_pct": "校验 %", "unverified_facts": "校验不符",
                     "quarantined_tables": "隔离表", "tables_not_read": "未读表", "coverage_gaps": "缺口"})
    st.caption("载入 % = 已载入 ÷ 印刷金额格; 校验 % = 有恒等式成立的数字 ÷ 已载入。缺口逐条见“校验发现” (extract.*)。")
    with st.expander(f"每张表 ({len(tables)})"):
        show(tables, {"file_name": "文件", "table_seq": "序号", "table_kind": "表", "title": "标题", "status": "状态",
                      "printed_cells": "印刷金额格", "facts": "已载入", "facts_pct": "载入 %", "verified_facts": "已校验",
                      "verified_pct": "校验 %", "unverified_facts": "校验不符", "quarantine_reason": "隔离原因"})


def tab_facts(df: pd.DataFrame) -> None:
    """Every published number of the selection with its page and the text printed in the cell."""
    st.subheader("明细 (每个数字的出处)")
    if df.empty:
        return st.info("所选单位/年度没有数字。")
    kinds = sorted(df.table_kind.unique(), key=lambda k: (k != "expenditure", k))
    left, right = st.columns([1, 3])
    kind = left.selectbox("表", kinds, format_func=lambda k: TABLE_KINDS.get(k, k), key="facts-kind")
    only_broken = right.checkbox("只看校验不符 (verified = false)", key="facts-broken")
    rows = df[df.table_kind == kind]
    if only_broken:
        rows = df[df.verified.eq(False)]
    cols = st.columns(3)
    cols[0].metric("数字", len(rows))
    cols[1].metric(f"校验不符 {TRUST[False]}", int(rows.verified.eq(False).sum()))
    cols[2].metric("无恒等式覆盖", int(rows.verified.isna().sum()))
    show(rows.assign(code=rows.func_code.fillna(rows.econ_code).fillna(rows.item), broken_by=rows.broken_by.map(
        lambda rules: ", ".join(rules) if isinstance(rules, (list, tuple)) or hasattr(rules, "tolist") else "")),
        {"unit_name": "单位", "year": "年度", "stage": "阶段", "scope": "范围", "table_kind": "表", "code": "科目/项目",
         "measure": "口径", "amount": "金额", "broken_by": "不符规则", "source_text": "印刷文字"})


def tab_findings(findings: pd.DataFrame, docs: set[str]) -> None:
    st.subheader("校验发现")
    rows = findings[findings.document_id.isin(docs)]
    severe = rows[rows.severity.isin(["warning", "error"])]
    cols = st.columns(3)
    cols[0].metric("error", int((rows.severity == "error").sum()))
    cols[1].metric("warning", int((rows.severity == "warning").sum()))
    cols[2].metric("info (尾数误差/修复)", int((rows.severity == "info").sum()))
    if severe.empty:
        return st.success("所选文档没有 warning/error。")
    show(severe, {"severity": "级别", "table_kind": "表", "check": "规则", "row_label": "行", "detail": "说明",
                  "expected": "预期", "observed": "实际"})
