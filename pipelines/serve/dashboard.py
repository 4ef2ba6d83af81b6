"""Streamlit dashboard over the warehouse (read-only): structure by 功能/经济分类 with drill-down and shares,
三公, budget vs final with the execution rate, YoY, coverage per report, every fact's source, findings."""

from __future__ import annotations

import streamlit as st

from pipelines.serve.dashboard_compare import tab_budget_vs_final, tab_coverage, tab_facts, tab_findings, tab_yoy
from pipelines.serve.dashboard_data import (BVF_SQL, DOCS_SQL, DOCUMENT_COVERAGE_SQL, ECON_SQL, FACTS_SQL, FINDINGS_SQL,
                                            FUNCTION_SQL, TABLE_COVERAGE_SQL, THREE_PUBLIC_SQL, UNITS_SQL, WAREHOUSE,
                                            YOY_SQL, load)
from pipelines.serve.dashboard_tabs import tab_econ, tab_function, tab_three_public

TABS = ["功能分类", "经济分类", "三公经费", "预算 vs 决算", "同比", "覆盖率", "明细", "校验发现"]


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
    function, econ, three, bvf, yoy, facts = (load(sql, **selection) for sql in (
        FUNCTION_SQL, ECON_SQL, THREE_PUBLIC_SQL, BVF_SQL, YOY_SQL, FACTS_SQL))
    docs = set(load(DOCS_SQL, **selection).document_id).union(
        *(df[c].dropna() for df in (function, econ, three, bvf, yoy) for c in df if c.endswith("document_id")))
    listed = sorted(docs) or [""]
    findings = load(FINDINGS_SQL, docs=listed)
    own_docs = sorted(set(facts.document_id)) or [""]  # coverage of the selected units' own reports
    renders = [lambda: tab_function(function, findings, first), lambda: tab_econ(econ, findings, first),
               lambda: tab_three_public(three, findings, first), lambda: tab_budget_vs_final(bvf, findings),
               lambda: tab_yoy(yoy, findings),
               lambda: tab_coverage(load(DOCUMENT_COVERAGE_SQL, docs=own_docs), load(TABLE_COVERAGE_SQL, docs=own_docs)),
               lambda: tab_facts(facts), lambda: tab_findings(findings, docs)]
    for tab, render in zip(st.tabs(TABS), renders):
        with tab:
            render()


main()
