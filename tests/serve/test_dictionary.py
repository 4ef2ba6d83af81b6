"""`yjs docs` opened offline: the data dictionary from the live catalogue, the vocabulary, findings by severity,
and GX Data Docs that render styled in Chromium with the network cut (screenshots in artifacts/screenshots/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.load import connect
from pipelines.reference import load_yaml
from pipelines.serve.catalogue import SqlDoc, parse_sql
from pipelines.validate.runner import validate_documents
from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def built(warehouse, tmp_path_factory) -> tuple[Path, Path]:
    """The samples' warehouse, validated (findings), and `yjs docs --out` on it."""
    folder = tmp_path_factory.mktemp("docs")
    path = folder / "warehouse.duckdb"
    shutil.copy(warehouse, path)
    con = connect(path)
    validate_documents(con)
    con.close()
    result = run(["docs", "--out", str(folder / "docs")], path)
    assert result.returncode == 0, result.stderr
    return folder / "docs", path


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "|", html)


def test_parse_sql_keeps_alter_columns_and_continued_comments(tmp_path):
    """Hand-placed: a CREATE whose opening comment has two lines, an ALTER adding a column, a comment continued."""
    ddl = tmp_path / "01_create_t.sql"
    ddl.write_text("-- t: first line of the purpose,\n-- second line of it.\ncreate table if not exists t (\n"
                   "    a varchar not null,  -- the a, which\n                         -- goes on here\n"
                   "    primary key (a)\n);\n", encoding="utf-8")
    alter = tmp_path / "02_alter_t.sql"
    alter.write_text("-- adds b\nalter table t add column if not exists b integer;\n    -- the b, on its own line\n",
                     encoding="utf-8")
    docs: dict[str, SqlDoc] = {}
    parse_sql(ddl, docs)
    parse_sql(alter, docs)
    assert set(docs) == {"t"}  # the ALTER is not a second object
    assert docs["t"].purpose == "first line of the purpose, second line of it."
    assert docs["t"].columns == {"a": ("the a, which goes on here", "01_create_t.sql"),
                                 "b": ("the b, on its own line", "02_alter_t.sql")}
    assert docs["t"].files == ["01_create_t.sql", "02_alter_t.sql"]


def test_dictionary_lists_every_catalogue_object_once_with_full_comments(built):
    out, path = built
    page = (out / "dictionary.html").read_text(encoding="utf-8")
    with duckdb.connect(str(path), read_only=True) as con:
        names = [n for (n,) in con.execute("select table_name from duckdb_tables() where schema_name = 'main' union all "
                                           "select view_name from duckdb_views() where schema_name = 'main' "
                                           "and not internal").fetchall()]
    sections = re.findall(r"<h2 id='(\w+)'>", page)
    assert sorted(sections) == sorted(names) and len(sections) == len(set(sections))  # fact_amount once
    assert "cells" not in sections  # doc_claim's comment says "table cells": not a section
    for name in ("meta_schema", "dim_unit_name", "doc_part", "part_claim", "v_document_coverage", "v_table_coverage"):
        assert name in sections
    fact_amount = page.split("<h2 id='fact_amount'>")[1].split("<h2 ")[0]
    for column in ("verified", "verified_by", "broken_by", "table_seq"):
        assert f"<td>{column}</td>" in fact_amount
    # 13_alter_lineage_engine.sql: extraction's engines are on the line under the ALTER, kept whole
    assert "text | pdfium-lattice | camelot-lattice | pdfium-words | pdfium-text | ocr-tesseract | openpyxl | xlrd | html" in fact_amount
    doc_table = page.split("<h2 id='doc_table'>")[1].split("<h2 ")[0]
    assert "<td>amount_cells</td>" in doc_table and "set by validation: the table was misread" in doc_table
    # v_document_coverage's three-line opening comment, to its last words
    assert "listed one by one in dq_results with page and line; `yjs show &lt;document&gt;`)." in page
    assert "Fingerprint of the DDL" in page.split("<h2 id='meta_schema'>")[1]
    assert "create or replace view v_yoy" in page and "决算 ÷ 预算" in page


def test_vocabulary_lists_every_code_with_its_chinese_label(built):
    out, _ = built
    page = text((out / "vocabulary.html").read_text(encoding="utf-8"))
    for code, spec in load_yaml("table_kinds.yaml")["kinds"].items():
        assert f"|{code}||{spec['label']}|" in page
    for code, spec in load_yaml("measures.yaml")["measures"].items():
        assert f"|{code}||{spec['label']}|" in page
    for code in load_yaml("items.yaml")["items"]:
        assert f"|{code}||" in page
    assert "|official_vehicles||公务用车购置及运行维护费|" in page and "|prior_final||" in page


def test_findings_are_sorted_by_severity_with_counts_first(built):
    out, path = built
    page = (out / "findings.html").read_text(encoding="utf-8")
    with duckdb.connect(str(path), read_only=True) as con:
        counts = dict(con.execute("select severity, count(*) from dq_results group by all").fetchall())
        detail = con.execute("select detail from dq_results where severity = 'warning' "
                             "order by length(detail) desc limit 1").fetchone()[0]
    assert counts.get("warning") and counts.get("info")
    summary = text(page.split("id='summary'>")[1].split("</p>")[0])
    assert [int(n) for n in re.findall(r"\|(\d+)\|", summary)] == [counts[s] for s in ("error", "warning", "info")
                                                                    if s in counts]
    findings = page.split("errors first</h2>")[1]
    severities = re.findall(r"<tr(?: class='\w+')?><td>(error|warning|info)</td>", findings)
    rank = {"error": 0, "warning": 1, "info": 2}
    assert len(severities) == sum(counts.values()) and severities == sorted(severities, key=rank.get)
    import html
    assert html.escape(detail) in findings  # the detail in full, not cut


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed")
def test_docs_render_styled_with_no_network(built):
    """Every request other than file:// is refused and recorded: the pages must not need one."""
    from playwright.sync_api import sync_playwright

    out, _ = built
    gx_pages = sorted((out / "gx").rglob("*.html"))
    assert not [p for p in gx_pages if re.search(r"<(?:link|script)[^>]+(?:href|src)=[\"']https?://",
                                                 p.read_text(encoding="utf-8"))]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        remote, errors = [], []
        page.route(re.compile(r"^(?!file:)"), lambda route: (remote.append(route.request.url), route.abort()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((out / "gx" / "index.html").as_uri())
        rows = page.locator("table.ge-offline.ge-index-page-validation-results-table tbody tr")
        assert rows.count() == len(list((out / "gx" / "expectations").glob("*.html")))  # one run per suite
        assert page.locator("table.ge-index-page-validation-results-table a[href^='validations/narrative/']").count() == 1
        page.screenshot(path=str(SHOTS / "docs-gx-index.png"), full_page=True)
        validation = next(p for p in gx_pages if "validations" in p.parts and "narrative" in p.parts)
        page.goto(validation.as_uri())
        card = page.locator(".card").first
        assert card.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"  # Bootstrap's card, offline
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans CJK SC"')
        page.screenshot(path=str(SHOTS / "docs-gx-validation.png"), full_page=True)
        page.goto((out / "findings.html").as_uri())
        detail = page.locator("tr.warning td:nth-child(10)").first
        assert detail.bounding_box()["width"] > 300 and detail.is_visible()
        page.screenshot(path=str(SHOTS / "docs-findings.png"))
        browser.close()
    assert remote == [] and errors == []
