"""The Streamlit dashboard in a real browser (Debian chromium): figures shown = figures in the warehouse."""

from __future__ import annotations

import threading

import duckdb
import pytest
from playwright.sync_api import expect

from tests.serve.dashboard_session import (  # noqa: F401 (fixtures)
    warehouse, server, browser, page, shebao, open_page, sql, settle, choose, open_tab, metric, tables, one, shoot, cite,
    ROOT, RAW, SHEBAO, CHAOYANG, FINAL_FILE, BUDGET_FILE, PRIOR_FILE, LABELS, CHROMIUM,
)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed")


def test_function_tab(shebao, warehouse):
    panel = open_tab(shebao, "功能分类", "功能分类 支出结构 (类 → 款 → 项)")
    expected = sql(warehouse, "select func_code, total, document_id, source_page from v_expenditure_by_function "
                              "where unit_name = ? and year = 2024 and level = 1", SHEBAO)
    expect(metric(panel, f"支出合计 · {SHEBAO} 2024 决算 (单位)")).to_have_text(f"{sum(r[1] for r in expected):,.2f}")
    expect(panel.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    rows = tables(panel, count=3)[0]
    for code, total, document_id, page_no in expected:
        row = one(rows, 功能分类=code)
        assert (float(row["合计"]), row["document_id"], row["source_page"]) == (float(total), document_id, str(page_no))
        assert row["source"] == cite(warehouse, FINAL_FILE, document_id, page_no, "expenditure", "func_code", code)
    shoot(shebao, "1-function")


def test_econ_tab(shebao, warehouse):
    panel = open_tab(shebao, "经济分类", "经济分类 人员经费/公用经费 (类 → 款)")
    personnel, public_use = sql(warehouse, "select sum(personnel), sum(public_use) from v_basic_by_econ "
                                           "where unit_name = ? and year = 2024 and level = 1", SHEBAO)[0]
    printed = dict(sql(warehouse, "select item, amount from v_facts where unit_name = ? and year = 2024 "
                                  "and item in ('personnel_total', 'public_use_total')", SHEBAO))
    assert (personnel, public_use) == (printed["personnel_total"], printed["public_use_total"])  # Σ类 = 合计
    assert float(personnel) == 1222.57
    expect(metric(panel, "人员经费")).to_have_text(f"{personnel:,.2f}")
    expect(metric(panel, "公用经费")).to_have_text(f"{public_use:,.2f}")
    doc, page_no = sql(warehouse, "select document_id, source_page from v_basic_by_econ "
                                  "where unit_name = ? and year = 2024 and econ_code = '301'", SHEBAO)[0]
    row = one(tables(panel)[0], 经济分类="301")
    assert (row["名称"], float(row["人员经费"]), row["document_id"], row["source_page"]) == (
        "工资福利支出", 1183.25, doc, str(page_no))
    assert row["source"] == cite(warehouse, FINAL_FILE, doc, page_no, "gpb_basic_expenditure", "econ_code", "301")
    shoot(shebao, "2-econ")


def test_three_public_tab(shebao, warehouse):
    panel = open_tab(shebao, "三公经费", "三公经费 预算 vs 决算")
    totals = {r[0]: r[1:] for r in sql(warehouse, """
        select reported_in, budget_amount, final_amount, execution_rate, document_id, source_page from v_three_public
        where unit_name = ? and fiscal_year = 2024 and item = 'three_public_total'""", SHEBAO)}
    budget, final, rate, _, _ = totals["final"]
    assert (float(budget), float(final)) == (0.20, 0.17)
    expect(metric(panel, "三公经费预算")).to_have_text(f"{budget:,.2f}")
    expect(metric(panel, "三公经费决算")).to_have_text(f"{final:,.2f}")
    expect(metric(panel, "执行率")).to_have_text(f"{rate * 100:.1f}%")
    figures, notes = tables(panel)
    # the final account's 三公 total, and the 2025 budget's 上年预算数/执行数 of it, each with its own source
    for reported_in, report, file in [("final", "决算报告", FINAL_FILE), ("budget", "预算报告", BUDGET_FILE)]:
        *_, doc, page_no = totals[reported_in]
        row = one(figures, 项目="三公经费合计", 出自=report)
        assert (float(row["预算数"]), float(row["决算数"]), float(row["执行率 %"])) == (0.20, 0.17, 85.0)
        assert (row["document_id"], row["source_page"]) == (doc, str(page_no))
        assert row["source"] == cite(warehouse, file, doc, page_no, "three_public", "item", "three_public_total")
    # the budget's realigned 三公 rows are listed next to the figures they concern
    warnings = sql(warehouse, "select row_label, \"check\", source_page, source_line from dq_results "
                              "where table_kind = 'three_public' and severity = 'warning'")
    expect(panel.get_by_test_id("stExpander").filter(has_text="校验发现 · 三公经费表")).to_contain_text(
        f"{len(warnings)} warning/error")
    label, check, page_no, line = next(w for w in warnings if w[0].endswith(SHEBAO))
    row = one(notes, 行=label)
    assert (row["规则"], row["source"]) == (check, f"{BUDGET_FILE} p.{page_no}, line {line}")
    shoot(shebao, "3-three-public")


def test_budget_vs_final_tab(shebao, warehouse):
    panel = open_tab(shebao, "预算 vs 决算", "预算 vs 决算")
    pairs = sql(warehouse, "select item, budget_amount, final_amount, final_document_id, budget_document_id, "
                           "final_source_page, budget_source_page from v_budget_vs_final "
                           "where unit_name = ? and fiscal_year = 2024", SHEBAO)
    expect(metric(panel, "可比数字")).to_have_text(str(len(pairs)))
    rows = tables(panel, count=len(pairs))[0]
    assert len(pairs) == 2
    for item, budget, final, final_doc, budget_doc, final_page, budget_page in pairs:
        row = one(rows, **{"科目/项目": LABELS[item]})
        assert (float(row["预算数"]), float(row["决算数"]), float(row["执行率 %"])) == (float(budget), float(final), 85.0)
        assert (row["document_id"], row["source_page"]) == (final_doc, str(final_page))
        assert row["预算 document_id"] == budget_doc
        assert row["source"] == f"决算 {FINAL_FILE} p.{final_page} / 预算 {BUDGET_FILE} p.{budget_page}"
    shoot(shebao, "4-budget-vs-final")


def test_yoy_tab(shebao, warehouse):
    panel = open_tab(shebao, "同比", "同比 (YoY)")
    panel.get_by_test_id("stSelectbox").get_by_role("combobox").click()
    shebao.get_by_role("option", name="三公经费表", exact=True).click()
    settle(shebao)
    yoy = sql(warehouse, "select item, measure, prior_amount, amount, comparability, document_id, source_page, "
                         "prior_source_page from v_yoy where unit_name = ? and year = 2024 "
                         "and table_kind = 'three_public'", SHEBAO)
    expect(metric(panel, "同比行数 · 三公经费表")).to_have_text(str(len(yoy)))
    expect(metric(panel, "可比")).to_have_text(str(sum(r[4] == "comparable" for r in yoy)))
    rows = tables(panel, count=len(yoy))[0]
    assert len(yoy) == 14
    for item, measure, prior, amount, comparability, doc, page_no, prior_page in yoy:
        row = one(rows, **{"科目/项目": LABELS[item], "口径": measure})
        assert (float(row["上年"]), float(row["本年"]), row["可比性"]) == (float(prior), float(amount), comparability)
        assert (row["document_id"], row["source_page"]) == (doc, str(page_no))
        assert row["source"] == f"{FINAL_FILE} p.{page_no} vs {PRIOR_FILE} p.{prior_page}"
    shoot(shebao, "5-yoy")


def test_findings_tab(shebao, warehouse):
    panel = open_tab(shebao, "校验发现", "校验发现")
    documents = ("select document_id from v_facts where unit_name = ? "  # 2024, 上年 figures, YoY's prior year
                 "and (year in (2023, 2024) or measure like 'prior%')")
    counts = dict(sql(warehouse, f"select severity, count(*) from dq_results where document_id in ({documents}) "
                                 "group by all", SHEBAO))
    # 9 三公 rows realigned in the 2025 budget + its narrative's 8.83 % share (NA02, see README) + TB01: tables
    # the 目录 lists but the report does not print (2025 budget: 二、收入总表, 十、项目支出表, 十二、政府采购预算表;
    # the 2024 final and its 2023 copy: 二、收入决算表)
    assert counts.get("warning") == 15 and counts.get("info", 0) > 0
    for severity in ("error", "warning", "info"):
        expect(metric(panel, severity)).to_have_text(str(counts.get(severity, 0)))
    labels = sql(warehouse, f"select row_label from dq_results where severity = 'warning' "
                            f"and document_id in ({documents})", SHEBAO)
    assert {r["行"] for r in tables(panel)[0]} == {label for (label,) in labels}
    shoot(shebao, "6-findings")


def test_two_units_and_cjk_fonts(page, warehouse):
    choose(page, "单位", [CHAOYANG, SHEBAO])
    panel = open_tab(page, "校验发现", "校验发现")
    info = sql(warehouse, "select count(*) from dq_results where severity = 'info' and document_id in "
                          "(select document_id from v_facts where unit_name in (?, ?))", CHAOYANG, SHEBAO)[0][0]
    expect(metric(panel, "info")).to_have_text(str(info))
    panel = open_tab(page, "功能分类", "功能分类 支出结构 (类 → 款 → 项)")
    total, page_no = sql(warehouse, "select sum(total), min(source_page) filter (where func_code = '208') "
                                    "from v_expenditure_by_function where unit_name = ? and level = 1", CHAOYANG)[0]
    expect(metric(panel, f"支出合计 · {CHAOYANG} 2024 决算 (部门)")).to_have_text(f"{total:,.2f}")
    rows = tables(panel)[0]
    assert {r["单位"] for r in rows} == {CHAOYANG, SHEBAO}
    row = one(rows, 单位=CHAOYANG, 功能分类="208")
    assert (float(row["合计"]), row["source_page"]) == (1968.11, str(page_no))
    assert row["source"].startswith(f"chaoyang-shebao-center-2024-final.txt p.{page_no}, line ")
    # Chinese is drawn with CJK fonts, not tofu: the platform fonts Chromium used for the title and a chart label
    label = panel.get_by_test_id("stVegaLiteChart").locator("svg text", has_text="社会保障和就业支出").first
    assert "Noto Sans CJK SC" in label.evaluate("e => getComputedStyle(e).fontFamily")
    label.evaluate("e => e.setAttribute('data-probe', 'chart-label')")
    assert any("Noto Sans CJK" in family for family in rendered_fonts(page, "h1 span"))
    assert "Noto Sans CJK SC" in rendered_fonts(page, "[data-probe=chart-label]")


def rendered_fonts(page, selector: str) -> set[str]:
    """Families of the platform fonts Chromium drew the first node matching selector with."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    cdp.send("CSS.enable")
    return {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


def test_reads_while_an_ingest_holds_the_write_lock(page, warehouse):
    """A writer (as in `yjs ingest`) locks the file; the dashboard retries read-only until it is released."""
    writer = duckdb.connect(str(warehouse))
    try:
        writer.execute("create or replace table _dashboard_probe as select 1 as x")
        writer.execute("checkpoint")  # the file changed: the dashboard's cache must read it again
        threading.Timer(1.5, writer.close).start()
        choose(page, "单位", [CHAOYANG])
        expect(metric(page, f"支出合计 · {CHAOYANG} 2024 决算 (部门)")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        writer.close()
