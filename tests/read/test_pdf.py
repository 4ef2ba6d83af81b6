"""The PDF reader on the samples printed to PDF (tools/render): the same facts as the text, exact pages.

Rendering needs Debian's Chromium with Noto CJK (scripts/setup.sh installs both); the printed PDFs
have ruled tables in a CJK font, landscape pages for wide tables and tables that break across
pages with their header repeated — what departments publish.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.errors import RejectedInput
from pipelines.extract import extract_report
from tests.conftest import ROOT, SAMPLES, fact_keys

sys.path.insert(0, str(ROOT))
from tools.render.html import render_html  # noqa: E402
from tools.render.pdf import render_pdf  # noqa: E402


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    return {name: render_pdf(render_html(path.read_text(encoding="utf-8")), out / f"{path.stem}.pdf")
            for name, path in SAMPLES.items()}


@pytest.fixture(scope="module")
def from_pdf(printed):
    return {name: extract_report(path) for name, path in printed.items()}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_pdf_rendering_loads_the_same_facts_as_the_text(name, reports, from_pdf):
    expected, got = fact_keys(reports[name]), fact_keys(from_pdf[name])
    assert sum((expected & got).values()) == sum(expected.values()), f"missing: {list(expected - got)[:5]}"
    assert not (got - expected), f"invented: {list(got - expected)[:5]}"
    assert from_pdf[name].meta == reports[name].meta
    assert from_pdf[name].source.source_format == "pdf"


def test_every_pdf_fact_is_printed_on_the_page_its_lineage_names(printed, from_pdf):
    for name, report in from_pdf.items():
        document = pdfium.PdfDocument(str(printed[name]))
        try:
            # narrow cells wrap a number over lines ("57\r\n3.08"): compare without whitespace
            pages = {n: re.sub(r"\s", "", document[n - 1].get_textpage().get_text_range())
                     for n in {f.source_page for f in report.facts}}
        finally:
            document.close()
        for fact in report.facts:
            assert re.sub(r"\s", "", fact.source_text) in pages[fact.source_page], (name, fact)
            assert fact.extraction == "pdfium-lattice"


def test_wide_three_public_table_is_read_from_a_landscape_page(printed, from_pdf):
    # 2025 budget 表7 "三公" table is 13 columns wide: the rendering prints it in landscape.
    report = from_pdf["baotou_budget"]
    page = {f.source_page for f in report.facts if f.table_kind == "three_public"}
    document = pdfium.PdfDocument(str(printed["baotou_budget"]))
    try:
        sizes = [document[n - 1].get_size() for n in page]
    finally:
        document.close()
    assert sizes and all(width > height for width, height in sizes)
    assert sum(f.table_kind == "three_public" for f in report.facts) == 96


def test_table_quality_is_recorded_per_table(from_pdf):
    for table in from_pdf["haidong_final"].tables:
        assert table.quality.engine == "pdfium-lattice"
        if table.layout != "not_extracted":
            assert table.quality.score == 1.0, table.table.kind


def _long_table_html(rows: int) -> str:
    body = "".join(f"<tr><td>{2080101 + i}</td><td>行政运行{i}</td><td>{i + 1}.{i % 100:02d}</td></tr>"
                   for i in range(rows))
    return ("<html><head><meta charset='utf-8'><style>body{font-family:'Noto Sans CJK SC'} "
            "table{border-collapse:collapse} td,th{border:0.5pt solid #000;padding:3px}</style></head><body>"
            "<p>支出决算表</p><p>单位：万元</p><table><thead><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr>"
            f"</thead><tbody>{body}</tbody></table></body></html>")


def test_a_table_across_pages_is_stitched_and_its_repeated_header_dropped(tmp_path):
    from pipelines.read.pdf import read_pdf_report

    pdf = render_pdf(_long_table_html(120), tmp_path / "long.pdf")
    lines = read_pdf_report(str(pdf), pdf.read_bytes())
    assert max(line.page for line in lines) >= 3  # the table really breaks across pages
    headers = [line for line in lines if line.cells[:1] == ("科目编码",)]
    assert len(headers) == 1
    codes = [line.cells[0] for line in lines if line.is_row and line.cells[0].isdigit()]
    assert codes == [str(2080101 + i) for i in range(120)]


def test_a_damaged_pdf_is_rejected_naming_the_file(tmp_path):
    bad = tmp_path / "damaged.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage garbage\n%%EOF\n")
    with pytest.raises(RejectedInput) as raised:
        extract_report(bad)
    assert "damaged.pdf" in str(raised.value) and "damaged PDF" in str(raised.value)


def test_a_pdf_that_is_not_a_report_is_rejected(tmp_path):
    html = "<html><body><p>Quarterly newsletter</p><p>Nothing about budgets here.</p></body></html>"
    pdf = render_pdf(html, tmp_path / "newsletter.pdf")
    with pytest.raises(RejectedInput) as raised:
        extract_report(pdf)
    assert "newsletter.pdf" in str(raised.value)


def test_a_pdf_loads_with_its_engine_and_table_quality_in_the_warehouse(printed, tmp_path):
    from pipelines.ingest import ingest_file
    from pipelines.load import connect

    con = connect(tmp_path / "w.duckdb")
    result = ingest_file(con, printed["haidong_final"])
    assert result.status == "loaded"
    engines = con.execute("select extraction, count(*) from v_facts group by 1").fetchall()
    assert engines == [("pdfium-lattice", 211)]
    assert con.execute("select source_format, pages from dim_document").fetchone()[0] == "pdf"
    quality = con.execute("select engine, min(quality) from doc_table where layout <> 'not_extracted' "
                          "group by 1").fetchall()
    assert quality == [("pdfium-lattice", 1.0)]


# Facts each borderless rendering must load (measured 2026-11-23, README "Source formats"): three
# samples in full; the 2025 budget's 13-column 三公 table, whose header wraps character by
# character in its narrow columns, is the one table left (87 of its facts not loaded, none wrong).
UNRULED_FLOOR = {"baotou_final": 166, "haidong_final": 211, "chaoyang_final": 206, "baotou_budget": 262}


@pytest.fixture(scope="module")
def unruled(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("unruled")
    return {name: render_pdf(render_html(path.read_text(encoding="utf-8"), ruled=False), out / f"{path.stem}.pdf")
            for name, path in SAMPLES.items()}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_a_pdf_without_ruling_lines_is_read_from_word_positions(name, reports, unruled):
    # Borderless tables are rebuilt from pdfium's words (pipelines/read/borderless.py); camelot
    # stream read 48-86 % of these. No fact may be invented, and each records its engine.
    report = extract_report(unruled[name])
    expected, got = fact_keys(reports[name]), fact_keys(report)
    assert sum((expected & got).values()) >= UNRULED_FLOOR[name], f"missing: {list(expected - got)[:5]}"
    assert not (got - expected), f"invented: {list(got - expected)[:5]}"
    assert {f.extraction for f in report.facts} == {"pdfium-words"}
    assert report.meta == reports[name].meta


@pytest.mark.parametrize("variant", ["ruled", "unruled"])
def test_pages_stored_turned_and_shown_through_rotate_are_read_upright(variant, reports, printed, unruled, tmp_path):
    # Some publishers store a landscape table as a portrait page with its content drawn turned and
    # /Rotate 90: in page space its text runs bottom to top. haidong prints 18 of 32 pages landscape.
    from tools.render.pdf import turn_landscape_pages

    source = (printed if variant == "ruled" else unruled)["haidong_final"]
    turned = turn_landscape_pages(source, tmp_path / "turned.pdf")
    document = pdfium.PdfDocument(str(turned))
    try:
        assert sum(document[i].get_rotation() == 90 for i in range(len(document))) >= 10
    finally:
        document.close()
    report = extract_report(turned)
    expected, got = fact_keys(reports["haidong_final"]), fact_keys(report)
    assert got == expected
    assert {f.extraction for f in report.facts} == {"pdfium-lattice" if variant == "ruled" else "pdfium-words"}
    pages = {(f.table_kind, f.amount): f.source_page for f in extract_report(source).facts}
    assert {(f.table_kind, f.amount): f.source_page for f in report.facts} == pages


def test_a_ruled_page_camelot_misses_is_read_from_its_words(reports, printed, monkeypatch):
    # camelot returning nothing (or "(cid:N)" glyphs) for a ruled page: the borderless reader
    # stands in and the facts say so. Here the native grid reader leaves the 收入决算表 (公开02表,
    # page 4) to camelot, and camelot is made to miss it.
    import pipelines.read.pdf as pdf_reader

    real = pdf_reader.camelot_tables
    native = pdf_reader.native_tables

    def leaving_page_4(document, ruled, tables, **options):
        by_camelot, unseen = native(document, ruled, tables, **options)
        tables.pop(4, None)
        return sorted(by_camelot + [4]), unseen

    def missing_page_4(source, pages, options, document=None, chars=None):
        found = real(source, pages, options, document, chars)
        found.pop(4, None)
        return found

    monkeypatch.setattr(pdf_reader, "camelot_tables", missing_page_4)
    monkeypatch.setattr(pdf_reader, "native_tables", leaving_page_4)
    report = extract_report(printed["haidong_final"])
    assert fact_keys(report) == fact_keys(reports["haidong_final"])
    engines = {f.extraction for f in report.facts if f.table_kind == "income"}
    assert engines == {"pdfium-words"}
    assert {f.extraction for f in report.facts if f.table_kind != "income"} == {"pdfium-lattice"}
