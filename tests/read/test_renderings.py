"""Round trip through real source formats: each sample report is rendered as a saved web page, as
an XLSX workbook, as a Word document and as Word's single-file web page (tools/render), read back by the
HTML/XLSX/DOCX/MHTML readers and extracted like any report;
the facts must be those of the text report — every one (match rate 100 %) and nothing more.

A fact is identified by everything but its lineage (line, page, column, printed text): table kind,
measure, codes, item, unit, scope, unit of measure and original unit; its amount must be equal.
"""

from __future__ import annotations

import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipelines.extract import extract_report
from pipelines.read.docx import read_docx
from tests.conftest import ROOT, SAMPLES

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.corpus.generate import generate_corpus  # noqa: E402
from tools.render.blocks import Table, header_spans, parse_report  # noqa: E402
from tools.render.build import main as build_main  # noqa: E402
from tools.render.build import render_file  # noqa: E402
from tools.render.docx import render_docx  # noqa: E402
from tools.render.html import render_html  # noqa: E402
from tools.render.xlsx import render_xlsx  # noqa: E402

FORMATS = ("html", "xlsx", "docx", "mhtml")


def fact_key(fact) -> tuple:
    return (fact.table_kind, fact.measure, fact.func_code, fact.econ_code, fact.item, fact.unit_name,
            fact.unit_code, fact.scope, fact.unit_of_measure, fact.original_unit)


def compare(text_report, rendered_report) -> dict:
    """Match rate (facts of the text found with the same key and amount) and invented facts."""
    expected = Counter((fact_key(f), f.amount) for f in text_report.facts)
    found = Counter((fact_key(f), f.amount) for f in rendered_report.facts)
    matched = sum((expected & found).values())
    total = sum(expected.values())
    return {
        "facts": total,
        "matched": matched,
        "rate": matched / total if total else 1.0,
        "invented": sum((found - expected).values()),
        "missing": sorted((expected - found).elements(), key=str)[:5],
        "extra": sorted((found - expected).elements(), key=str)[:5],
    }


def meta_of(report) -> tuple:
    m = report.meta
    return (m.unit_name, m.unit_code, m.region, m.year, m.stage, m.scope, m.money_unit)


@pytest.fixture(scope="session")
def renderings(tmp_path_factory):
    """{(sample, format): extracted report of the rendering}, rendered once per session."""
    out = tmp_path_factory.mktemp("renderings")
    extracted = {}
    for name, path in SAMPLES.items():
        for rendered in render_file(path, out, FORMATS):
            extracted[(name, rendered.suffix[1:])] = extract_report(rendered)
    return extracted


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(SAMPLES))
def test_rendering_gives_the_facts_of_the_text(reports, renderings, name, fmt):
    text_report, rendered = reports[name], renderings[(name, fmt)]
    assert rendered.source.source_format == fmt
    result = compare(text_report, rendered)
    print(f"{name} {fmt}: {result['matched']}/{result['facts']} = {result['rate']:.1%}, invented {result['invented']}")
    assert result["facts"] > 100
    assert result["rate"] == 1.0, result["missing"]
    assert result["invented"] == 0, result["extra"]
    assert meta_of(rendered) == meta_of(text_report)
    assert [(t.table.kind, t.status, t.layout) for t in rendered.tables] == \
        [(t.table.kind, t.status, t.layout) for t in text_report.tables]
    assert [line.text for line in rendered.source.lines if not line.is_row][:3] == \
        [line.text for line in text_report.source.lines if not line.is_row][:3]


@pytest.mark.parametrize("name", list(SAMPLES))
def test_docx_rendering_pages_are_the_pages_its_breaks_make(renderings, name):
    """Each table block starts a page (an explicit break, a page-break-before paragraph or a section
    break, each followed by the rendered break Word writes: one page each), a row printed after a page
    break starts one (a rendered break in its first cell): the reader's pages are the renderer's."""
    data, pages = render_docx(sample_text(name))
    lines = read_docx(name, data)
    assert max(line.page for line in lines) == pages > 10
    rendered = renderings[(name, "docx")]
    page_of = {line.number: line.page for line in rendered.source.lines}
    titled = [page_of[t.table.title_line] for t in rendered.tables]
    assert titled == sorted(titled) and len(set(titled)) == len(titled), titled  # one table per page


def test_generated_layout_families_round_trip(tmp_path):
    """Layout families the samples lack (元, split headers, watermarks, page breaks, wide/long 三公 …)."""
    texts = generate_corpus(tmp_path / "text", 2, 1, 5, ("final", "budget"), 2024)
    assert texts
    for path in texts:
        text_report = extract_report(path)
        for rendered in render_file(path, tmp_path / "rendered", FORMATS):
            result = compare(text_report, extract_report(rendered))
            assert (result["rate"], result["invented"]) == (1.0, 0), (rendered.name, result)


# --- the renderers themselves ---------------------------------------------------------------------

def sample_text(name: str) -> str:
    return SAMPLES[name].read_text(encoding="utf-8")


def test_header_spans_read_back_to_the_header_rows():
    for name in SAMPLES:
        for table in (b for b in parse_report(sample_text(name)) if isinstance(b, Table)):
            grid = table.grid()[: table.header_rows]
            spans = header_spans(grid)
            rebuilt = [[""] * table.width for _ in grid]
            for r, row in enumerate(spans):
                for c, span in enumerate(row):
                    if span is not None:
                        rebuilt[r][c] = grid[r][c].text
            assert rebuilt == [[cell.text for cell in row] for row in grid], table.title


def test_html_page_layout():
    html = render_html(sample_text("baotou_budget"))
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert '"Noto Sans CJK SC"' in html
    assert "@page wide { size: A4 landscape" in html and "section.wide { page: wide; }" in html
    assert html.count('<section class="table-block wide" style="break-before: page') >= 2  # 三公 (19 columns) …
    assert '<section class="table-block" style="break-before: page' in html  # 收支总表: 4 columns, portrait
    assert "<thead>" in html and 'colspan="5"' in html and 'rowspan="3"' in html  # 三公: 单位名称 over 3 rows
    assert "thead { display: table-header-group; }" in html
    assert "border: 0.6pt solid #000" in html
    unruled = render_html(sample_text("baotou_budget"), ruled=False)
    assert "solid" not in unruled and "border: none" in unruled


def test_xlsx_workbook_layout(tmp_path):
    workbook = render_xlsx(sample_text("baotou_final"))
    names = workbook.sheetnames
    assert names[0] == "封面及说明" and len(names) == len({n.lower() for n in names})
    assert all(len(n) <= 31 for n in names) and "收入支出决算总表" in names
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    ws = load_workbook(path)["支出决算表"]
    found = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, float):
                found.setdefault(cell.number_format, []).append(Decimal(str(cell.value)))
            if cell.value == "2080109":
                assert cell.data_type == "s"  # codes are text
    assert Decimal("1528.18") in found["#,##0.00"]
    assert any(str(r) == "C6:C7" for r in ws.merged_cells.ranges)  # 本年支出合计 over two header rows
    assert str(next(iter(r for r in ws.merged_cells.ranges if r.min_row == 1))) == "A1:H1"  # the title


def test_build_cli_writes_each_format(tmp_path, capsys):
    assert build_main([str(tmp_path), "--formats", "html,xlsx,docx", str(SAMPLES["haidong_final"])]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "haidong-shebao-bureau-2024-final.docx", "haidong-shebao-bureau-2024-final.html",
        "haidong-shebao-bureau-2024-final.xlsx"]
    with pytest.raises(SystemExit):
        build_main([str(tmp_path), "--formats", "pdfx"])
    assert Path(tmp_path / "haidong-shebao-bureau-2024-final.html").read_text(encoding="utf-8").count("<table") > 10
    capsys.readouterr()
