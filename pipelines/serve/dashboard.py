"""Streamlit dashboard over the warehouse (read-only): structure, 三公, budget vs final, YoY, findings."""

from __future__ import annotations

import os
import time
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd
import streamlit as st

WAREHOUSE = Path(os.environ.get("YJS_WAREHOUSE") or "data/warehouse/warehouse.duckdb")  # as `yjs query`
FONT = "Noto Sans CJK SC"
STAGES = {"budget": "预算", "final": "决算"}
THREE_PUBLIC = {
    "three_public_total": "三公经费合计", "outbound_travel": "因公出国（境）费", "official_vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "official_reception": "公务接待费",
    "domestic_reception": "国内接待费", "foreign_affairs_reception": "外事接待费",
}
FILTER = "list_contains($units, v.unit_name) and list_contains($years, v.{year})"
PERCENT = {"执行率", "增长率 %"}
LONG_TEXT = {"detail", "expected", "observed"}
REPORTS = {"budget": "预算报告", "final": "决算报告"}
SCOPES = {"department_total": "部门汇总", "department": "部门", "unit": "单位"}  # headline figure first
TABLE_KINDS = {"expenditure": "支出表", "gpb_basic_expenditure": "基本支出表", "three_public": "三公经费表",
               "gpb_expenditure": "一般公共预算支出表", "summary": "收支总表", "fiscal_summary": "财政拨款收支总表",
               "income": "收入表", "gov_fund": "政府性基金表", "soe_capital": "国有资本经营预算表",
               "gpb_project_expenditure": "项目支出表", "operating_costs": "机关运行经费", "procurement": "政府采购"}
SOURCE = "d.file_name || coalesce(' p.' || v.source_page, '') || coalesce(', line ' || v.source_line, '')"


@alt.theme.register("yjs_cjk", enable=True)
def _cjk_theme() -> alt.theme.ThemeConfig:
    """Noto CJK everywhere in charts so Chinese labels render."""
    text = {"labelFont": FONT, "titleFont": FONT, "labelLimit": 360}
    return {"config": {"font": FONT, "axis": text, "legend": text, "header": text, "title": {"font": FONT}}}


def query(sql: str, **params) -> pd.DataFrame:
    """Run SQL on a fresh read-only connection, retrying while a writer holds the file lock."""
    for attempt in range(20):
        try:
            con = duckdb.connect(str(WAREHOUSE), read_only=True)
            break
        except duckdb.IOException as exc:  # an ingest holds the write lock: wait briefly
            if "lock" not in str(exc).lower() or attempt == 19:
                raise
            time.sleep(0.25)
    try:
        return con.execute(sql, params or None).df()
    finally:
        con.close()


@st.cache_data(ttl=10, show_spinner=False)
def cached(sql: str, params: tuple, mtime: float) -> pd.DataFrame:
    """query(), cached; the file's mtime in the key drops stale results after an ingest."""
    return query(sql, **{name: list(values) for name, values in params})


def load(sql: str, **params: list) -> pd.DataFrame:
    return cached(sql, tuple((k, tuple(v)) for k, v in sorted(params.items())), WAREHOUSE.stat().st_mtime)


def sourced(view: str, line_match: str, where: str, year: str = "year") -> str:
    """Rows of a view with the source line of their facts and a readable `source` column."""
    return f"""
    with v as (
        select v.*, (select min(f.source_line) from v_facts f where f.document_id = v.document_id
                     and f.unit_name = v.unit_name and {line_match}) as source_line
        from {view} v where {FILTER.format(year=year)} and {where}
    )
    select v.*, {SOURCE} as source from v join dim_document d using (document_id) order by all"""


FUNCTION_SQL = sourced("v_expenditure_by_function", "f.table_kind = 'expenditure' and f.func_code = v.func_code",
                       "v.level = 1")
ECON_SQL = sourced("v_basic_by_econ", "f.table_kind = 'gpb_basic_expenditure' and f.econ_code = v.econ_code",
                   "v.level = 1")
THREE_PUBLIC_SQL = sourced("v_three_public", "f.table_kind = 'three_public' and f.item = v.item", "true",
                           year="fiscal_year")
BVF_SQL = f"""
select v.*, v.final_document_id as document_id, v.final_source_page as source_page,
       '决算 ' || df.file_name || coalesce(' p.' || v.final_source_page, '') || ' / 预算 ' || db.file_name
       || coalesce(' p.' || v.budget_source_page, '') as source
from v_budget_vs_final v join dim_document db on db.document_id = v.budget_document_id
join dim_document df on df.document_id = v.final_document_id
where {FILTER.format(year='fiscal_year')} order by all"""
YOY_SQL = f"""
select v.*, d.file_name || coalesce(' p.' || v.source_page, '') || ' vs ' || p.file_name
       || coalesce(' p.' || v.prior_source_page, '') as source
from v_yoy v left join dim_document d on d.document_id = v.document_id
left join dim_document p on p.document_id = v.prior_document_id
where {FILTER.format(year='year')} order by all"""
DOCS_SQL = "select distinct document_id from v_facts v where " + FILTER.format(year="year")
FINDINGS_SQL = """
select r.document_id, r.table_kind, r."check", r.severity, r.row_label, r.expected, r.observed, r.detail,
       r.source_page, r.source_line,
       d.file_name || coalesce(' p.' || r.source_page, '') || coalesce(', line ' || r.source_line, '') as source
from dq_results r join dim_document d using (document_id)
where list_contains($docs, r.document_id) order by r.document_id, r.source_line"""
UNITS_SQL = """
select unit_name, bool_or(unit_name in (select unit_name from dim_document where status = 'loaded')) as own
from v_facts group by all order by own desc, unit_name"""


def show(df: pd.DataFrame, columns: dict[str, str]) -> None:
    """A table with Chinese headers; lineage (source, document_id, source_page) after the figures, before long text."""
    lineage = {"source": "source", "document_id": "document_id", "source_page": "source_page",
               **{k: v for k, v in columns.items() if k.endswith(("document_id", "source_page"))}}
    figures = {k: v for k, v in columns.items() if k not in LONG_TEXT and k not in lineage}
    columns = {**figures, **lineage, **{k: v for k, v in columns.items() if k in LONG_TEXT}}
    for column, labels in (("stage", STAGES), ("reported_in", REPORTS), ("table_kind", TABLE_KINDS), ("scope", SCOPES)):
        if column in df.columns:
            df = df.assign(**{column: df[column].map(labels).fillna(df[column])})
    table = df[[c for c in columns if c in df.columns]].rename(columns=columns)
    config = {c: st.column_config.NumberColumn(format="%.1f%%" if c in PERCENT else "%.2f", width="small")
              for c in table.columns if table[c].dtype == "float64"}
    config |= {c: st.column_config.TextColumn(width="medium") for c in ("项目", "名称") if c in table}
    config["source"] = st.column_config.TextColumn(width="large", help="file, page and line the figure was read from")
    st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 600), column_config=config)


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


def bars(df: pd.DataFrame, y: str, x: str, color: str, title: str) -> None:
    """Horizontal grouped bars (Chinese labels in Noto Sans CJK SC)."""
    chart = alt.Chart(df, title=title).mark_bar().encode(
        y=alt.Y(f"{y}:N", title=None), x=alt.X(f"{x}:Q", title="万元"), color=alt.Color(f"{color}:N", title=None),
        yOffset=f"{color}:N", tooltip=[y, color, alt.Tooltip(f"{x}:Q", format=",.2f"), "source"])
    st.altair_chart(chart, theme=None, width="stretch")


def series(df: pd.DataFrame) -> pd.Series:
    return df.unit_name + " " + df.year.astype(str) + " " + df.stage.map(STAGES)


def first_report(df: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, str]:
    """Rows of the unit's latest report (a final account before a budget) and a caption for its metrics."""
    mine = df[df.unit_name == unit]
    if mine.empty:
        return mine, ""
    row = mine.sort_values(["year", "stage"], ascending=False).iloc[0]
    return mine[(mine.year == row.year) & (mine.stage == row.stage)], f"{unit} {row.year} {STAGES[row.stage]}"


def tab_function(df: pd.DataFrame, findings: pd.DataFrame, first: str) -> None:
    st.subheader("功能分类 支出结构 (类)")
    if df.empty:
        return st.info("所选单位/年度没有支出表 (03)。")
    df = df.assign(label=df.func_code + " " + df.func_name.fillna(""), series=series(df))
    own, caption = first_report(df, first)
    if not own.empty:
        st.metric(f"支出合计 · {caption}", f"{own.total.sum():,.2f}")
    bars(df, "label", "total", "series", "本年支出合计 by 类 (万元)")
    show(df, {"unit_name": "单位", "year": "年度", "stage": "阶段", "func_code": "功能分类", "func_name": "名称",
              "total": "合计", "basic": "基本支出", "project": "项目支出"})
    findings_for(findings, df.document_id, ["expenditure"], "支出表")


def tab_econ(df: pd.DataFrame, findings: pd.DataFrame, first: str) -> None:
    st.subheader("经济分类 人员经费/公用经费 (类)")
    if df.empty:
        return st.info("所选单位/年度没有基本支出表 (06)。")
    own, caption = first_report(df, first)
    if not own.empty:
        left, right = st.columns(2)
        left.metric(f"人员经费 · {caption}", f"{own.personnel.sum():,.2f}")
        right.metric(f"公用经费 · {caption}", f"{own.public_use.sum():,.2f}")
    long = df.assign(label=df.econ_code + " " + df.class_name.fillna(""), series=series(df)).melt(
        id_vars=["label", "series", "source"], value_vars=["personnel", "public_use"], var_name="kind",
        value_name="amount").dropna(subset=["amount"])
    long["kind"] = long.series + " " + long.kind.map({"personnel": "人员经费", "public_use": "公用经费"})
    bars(long, "label", "amount", "kind", "基本支出 by 经济分类 类 (万元)")
    show(df, {"unit_name": "单位", "year": "年度", "stage": "阶段", "econ_code": "经济分类", "econ_name": "名称",
              "personnel": "人员经费", "public_use": "公用经费", "total": "合计"})
    findings_for(findings, df.document_id, ["gpb_basic_expenditure"], "基本支出表")


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
    long["kind"] = (long.unit_name + " " + long.fiscal_year.astype(str) + " " + long.scope.map(SCOPES).fillna("")
                    + " " + long.kind.map({"budget_amount": "预算", "final_amount": "决算"}))
    bars(long.drop_duplicates(["item_label", "kind"]), "item_label", "amount", "kind", "三公经费 (万元)")
    show(df, {"unit_name": "单位", "fiscal_year": "年度", "scope": "范围", "reported_in": "出自", "item_label": "项目",
              "budget_amount": "预算数", "final_amount": "决算数", "rate": "执行率"})
    findings_for(findings, df.document_id, ["three_public"], "三公经费表")


def tab_budget_vs_final(df: pd.DataFrame, findings: pd.DataFrame) -> None:
    st.subheader("预算 vs 决算")
    if df.empty:
        return st.info("所选单位/年度没有同时载入预算和决算的数字。")
    code = df.func_code.fillna(df.econ_code).fillna(df.item.map(THREE_PUBLIC).fillna(df.item))
    df = df.assign(code=code.where(df.measure == "amount", code + " · " + df.measure), rate=df.execution_rate * 100)
    st.metric("可比数字", len(df))
    show(df, {"unit_name": "单位", "fiscal_year": "年度", "table_kind": "表", "code": "科目/项目",
              "budget_amount": "预算数", "final_amount": "决算数", "difference": "差额", "rate": "执行率",
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
    df = df.assign(code=df.func_code.fillna(df.econ_code).fillna(df.item.map(THREE_PUBLIC).fillna(df.item)),
                   growth_pct=df.growth * 100)
    left, right = st.columns(2)
    left.metric(f"同比行数 · {TABLE_KINDS.get(kind, kind)}", len(df))
    right.metric("可比 (comparable)", int((df.comparability == "comparable").sum()))
    show(df, {"unit_name": "单位", "year": "年度", "stage": "阶段", "code": "科目/项目",
              "measure": "口径", "prior_amount": "上年", "amount": "本年", "change": "变动", "growth_pct": "增长率 %",
              "comparability": "可比性"})
    findings_for(findings, set(df.document_id.dropna()) | set(df.prior_document_id.dropna()), [kind], "同比")


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


def main() -> None:
    st.set_page_config(page_title="yjs 预算/决算", layout="wide")
    st.title("预算/决算公开 仪表板")
    if not WAREHOUSE.exists():
        st.error(f"没有找到数据仓库 {WAREHOUSE}; 先运行 `yjs ingest` (或设置 YJS_WAREHOUSE)。")
        st.stop()
    units_df = load(UNITS_SQL)  # units with their own report first
    all_years = load("select distinct year from v_facts order by year").year.tolist()
    units = st.sidebar.multiselect("单位", units_df.unit_name.tolist(),
                                   default=units_df[units_df.own].unit_name.tolist())
    years = st.sidebar.multiselect("年度", all_years, default=all_years)
    st.sidebar.caption(f"数据仓库 (只读): {WAREHOUSE}")
    if not units or not years:
        st.info("在左侧选择单位和年度。")
        st.stop()
    first, selection = units[0], {"units": units, "years": years}
    function, econ, three, bvf, yoy = (load(sql, **selection) for sql in (FUNCTION_SQL, ECON_SQL, THREE_PUBLIC_SQL,
                                                                          BVF_SQL, YOY_SQL))
    docs = set(load(DOCS_SQL, **selection).document_id).union(
        *(df[c].dropna() for df in (function, econ, three, bvf, yoy) for c in df if c.endswith("document_id")))
    findings = load(FINDINGS_SQL, docs=sorted(docs) or [""])
    tabs = st.tabs(["功能分类", "经济分类", "三公经费", "预算 vs 决算", "同比", "校验发现"])
    for tab, render in zip(tabs, [lambda: tab_function(function, findings, first),
                                  lambda: tab_econ(econ, findings, first),
                                  lambda: tab_three_public(three, findings, first),
                                  lambda: tab_budget_vs_final(bvf, findings), lambda: tab_yoy(yoy, findings),
                                  lambda: tab_findings(findings, docs)]):
        with tab:
            render()


main()
