"""The dashboard under Chromium for the browser tests: the samples' warehouse, the server, the page helpers."""


from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect, sync_playwright

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect
from pipelines.serve.launch import command
from pipelines.validate.runner import validate_documents

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
SHOTS = ROOT / "artifacts" / "screenshots"  # git-ignored
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEW = {"width": 1920, "height": 1080}
SHEBAO, CHAOYANG = "包头市社会保险事业服务中心", "辽宁省朝阳市社会保险事业服务中心"
FINAL_FILE, BUDGET_FILE = "baotou-shebao-center-2024-final.txt", "baotou-hrss-dept-2025-budget.txt"
PRIOR_FILE = "baotou-shebao-center-2023-final.txt"  # derived in the fixture
BROKEN = ("2080199", "project")  # 包头 final line 496: 2080199 其他人力资源和社会保障管理事务支出, 项目支出 17.05
LABELS = {"three_public_total": "三公经费合计", "official_reception": "公务接待费", "domestic_reception": "国内接待费"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The samples, ingested and validated like `yjs ingest`, and a 2023 copy of the 包头 final (same numbers) for YoY."""
    folder = tmp_path_factory.mktemp("dashboard")
    prior = folder / PRIOR_FILE
    prior.write_text((RAW / FINAL_FILE).read_text(encoding="utf-8").replace("2024", "2023"), encoding="utf-8")
    con = connect(folder / "warehouse.duckdb")
    try:
        loaded = [ingest_file(con, file) for file in [*expand_paths([RAW]), prior]]
        assert all(r.status == "loaded" for r in loaded), loaded
        validate_documents(con)
        # Hand-placed states the samples do not have, for the marks the dashboard must show: one fact of the
        # 包头 final whose identity "fails" (verified = false, as validation writes it), and 4 amount cells of
        # the derived 2023 copy's 支出表 that were "not loaded" (a coverage gap).
        con.execute("update fact_amount set verified = false, broken_by = 'HI01' where func_code = ? and measure = ? "
                    "and table_kind = 'expenditure' and document_id = (select document_id from dim_document "
                    "where file_name = ?)", [*BROKEN, FINAL_FILE])
        con.execute("update doc_table set amount_cells = facts + 4 where table_kind = 'expenditure' and document_id = "
                    "(select document_id from dim_document where file_name = ?)", [PRIOR_FILE])
    finally:
        con.close()
    return folder / "warehouse.duckdb"


def sql(warehouse: Path, text: str, *params) -> list[tuple]:
    """The expected figures: the same warehouse, read directly."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(text, list(params)).fetchall()


@pytest.fixture(scope="module")
def server(warehouse, tmp_path_factory):
    """The dashboard (the command `yjs dashboard` runs) on a free port of 127.0.0.1; terminated at the end."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path_factory.mktemp("streamlit") / "streamlit.log").open("w")
    proc = subprocess.Popen(command(port=port), cwd=ROOT, env={**os.environ, "YJS_WAREHOUSE": str(warehouse)},
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):  # 30 s
            assert proc.poll() is None, f"streamlit exited with {proc.returncode}; see {log.name}"
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(url + "_stcore/health", timeout=1).status == 200:
                    break
            time.sleep(0.3)
        else:
            pytest.fail(f"streamlit did not answer within 30 s; see {log.name}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, server):
    page = browser.new_page(viewport=VIEW, locale="zh-CN")
    page.goto(server)
    expect(page.get_by_role("heading", name="功能分类 支出结构 (类 → 款 → 项)")).to_be_visible(timeout=30_000)
    return page


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server)
    yield page
    page.close()


@pytest.fixture(scope="module")
def shebao(browser, server):
    """One page for the tab-by-tab tests, with 包头市社会保险事业服务中心 and 2024 chosen in the sidebar."""
    page = open_page(browser, server)
    choose(page, "单位", [SHEBAO])
    choose(page, "年度", ["2024"])
    yield page
    page.close()


def settle(page) -> None:
    """Wait until the script run triggered by the last interaction has finished."""
    page.wait_for_timeout(100)
    page.wait_for_function("document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'")


def choose(page, label: str, values: list[str]) -> None:
    """Replace a sidebar multiselect's selection by typing each value and picking its option."""
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label)
    box.get_by_role("button", name="Clear all").click()
    expect(box.locator("button[aria-label^='Remove ']")).to_have_count(0)
    settle(page)
    for value in values:
        box.get_by_role("combobox").click()
        box.get_by_role("combobox").fill(value)
        page.get_by_role("option", name=value, exact=True).click()
        expect(box.locator(f"button[aria-label='Remove {value}']")).to_be_attached()  # popover hides it from ARIA
        settle(page)
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="预算/决算公开 仪表板").click()  # focus leaves the box: the next click counts
    settle(page)


def open_tab(page, tab: str, heading: str):
    """Click a tab and wait for its subheader; returns the visible tab panel."""
    page.get_by_role("tab", name=tab).click()
    panel = page.get_by_role("tabpanel").filter(visible=True)
    expect(panel.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return panel


def metric(panel, label: str):
    """The value of the st.metric whose label contains `label`."""
    return panel.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


TABLE_JS = """t => {  // rows of {header: text}, cells matched to headers by aria-colindex
    const names = Object.fromEntries([...t.querySelectorAll('thead th')].map(h => [h.ariaColIndex, h.textContent]));
    return [...t.querySelectorAll('tbody tr')].map(r => Object.fromEntries(
        [...r.querySelectorAll('td')].map(c => [names[c.ariaColIndex], c.textContent])));
}"""


def tables(panel, count: int | None = None) -> list[list[dict]]:
    """The panel's dataframes as rows of {header: raw text} (glide's accessible table); wait for `count` rows."""
    frames = panel.get_by_test_id("stDataFrame").filter(visible=True)  # not those in a closed expander
    expect(frames.first.locator("tbody tr").first).to_be_attached()
    if count is not None:
        expect(frames.first.locator("tbody tr")).to_have_count(count)
    found = []
    for frame in frames.all():
        rows: list[dict] = []
        scroller = frame.locator(".dvn-scroller")
        width, view = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
        for left in range(0, width + view // 2, max(view // 2, 1)):  # glide renders only the columns in view
            scroller.evaluate(f"e => {{ e.scrollLeft = {left}; }}")
            frame.page.wait_for_timeout(150)
            cells = frame.locator("table").evaluate(TABLE_JS)
            rows = [{**a, **b} for a, b in zip(rows, cells)] if rows else cells
        frame.locator(".dvn-scroller").evaluate("e => { e.scrollLeft = 0; }")  # back, for the screenshots
        found.append(rows)
    return found


def one(rows: list[dict], **match) -> dict:
    hits = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(hits) == 1, (match, rows)
    return hits[0]


def shoot(page, name: str) -> None:
    """Full-page screenshot: the viewport grows to the app's height (Streamlit scrolls inside stMain)."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": VIEW["width"], "height": max(VIEW["height"], min(height + 40, 6000))})
    page.wait_for_timeout(400)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(VIEW)


def cite(warehouse, file, document_id, page_no, kind, column, value, unit=SHEBAO) -> str:
    """What the `source` column must say: file, page and the first line of the unit's facts of that row."""
    line = sql(warehouse, f"select min(source_line) from v_facts where document_id = ? and table_kind = ? "
                          f"and {column} = ? and unit_name = ?", document_id, kind, value, unit)[0][0]
    return f"{file} p.{page_no}, line {line}"


