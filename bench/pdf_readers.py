"""Our PDF reader against camelot (as-is and tuned) and pdfplumber, on the same rendered PDFs.

    .venv/bin/python bench/pdf_readers.py [--variant ruled] [--generated N] [--skip-asis] [--profile]
    .venv/bin/python bench/pdf_readers.py --real [--repeat 3] [--only NAME]   (bench/ruled_pages.py)

The PDFs are the sample reports (or N reports of the generated corpus, tools/corpus) printed by tools/render (ruled, CJK font, landscape wide tables,
tables that break across pages). Ground truth is the text report the PDF was printed from: its
table rows that hold an amount. For each engine the script prints pages/s (one process) and row
accuracy: the share of those rows read back cell for cell (after the same normalisation), which
fails when a number is joined with its neighbour's text or a cell is lost. For our reader it also
prints fact accuracy: facts equal (keys and amounts) to the facts loaded from the text.

`--real`: the native ruled-table reader against camelot tuned on every ruled page of the real
corpus (../shared/real, read in place) and of the four samples printed ruled, alternating engines in
one process: CPU pages/s per producer family, agreement cell for cell (bench/ruled_pages.py).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.render.html import render_html  # noqa: E402
from tools.render.pdf import render_pdf  # noqa: E402

from pipelines.extract import extract_report  # noqa: E402
from pipelines.normalize.amounts import is_decimal_amount  # noqa: E402
from pipelines.read.pdf import read_pdf_pages  # noqa: E402
from pipelines.read.text import read_text_report  # noqa: E402
from pipelines.textnorm import compact  # noqa: E402


def _row(cells) -> tuple[str, ...]:
    row = tuple(compact(str(cell or "")) for cell in cells)
    while row and not row[-1]:
        row = row[:-1]
    return row


def truth_rows(text_path: Path) -> Counter:
    lines = read_text_report(str(text_path), text_path.read_bytes())
    return Counter(_row(line.cells) for line in lines if line.is_row and any(is_decimal_amount(c) for c in line.cells))


def accuracy(truth: Counter, found: Counter) -> float:
    return sum((truth & found).values()) / max(sum(truth.values()), 1)


def camelot_rows(pdf: Path, **options) -> Counter:
    import camelot

    tables = camelot.read_pdf(str(pdf), pages="all", suppress_stdout=True, **options)
    return Counter(_row(row) for table in tables for row in table.data)


def pdfplumber_rows(pdf: Path, settings: dict | None = None) -> Counter:
    import pdfplumber

    rows: Counter = Counter()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for table in page.extract_tables(settings or {}):
                rows.update(_row(row) for row in table)
    return rows


def ours_rows(pdf: Path) -> Counter:
    pages = read_pdf_pages(str(pdf), pdf.read_bytes())
    return Counter(_row(row) for page in pages for region in page.regions if region.is_table for row in region.rows)


def fact_keys(path: Path) -> Counter:
    report = extract_report(path)
    return Counter((f.table_kind, f.measure, f.func_code, f.econ_code, f.item, f.unit_name, f.scope, f.amount)
                   for f in report.facts)


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


ENGINES = {
    "ours (pdfium lattice | camelot fallback | words + prose)": ours_rows,
    "camelot lattice as-is": lambda pdf: camelot_rows(pdf, flavor="lattice"),
    "camelot lattice tuned (vector, split_text)": lambda pdf: camelot_rows(pdf, flavor="lattice", engine="vector",
                                                                            split_text=True),
    "pdfplumber extract_tables()": pdfplumber_rows,
}
# Borderless pages: the engines meant for them (camelot stream was our reader's before pdfium words).
UNRULED_ENGINES = {
    "ours (pdfium lattice | camelot fallback | words + prose)": ours_rows,
    "camelot stream as-is": lambda pdf: camelot_rows(pdf, flavor="stream"),
    "camelot stream tuned (split_text, row_tol 10)": lambda pdf: camelot_rows(pdf, flavor="stream", split_text=True,
                                                                               row_tol=10),
    "pdfplumber extract_tables(text strategy)": lambda pdf: pdfplumber_rows(
        pdf, {"vertical_strategy": "text", "horizontal_strategy": "text"}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="ruled", help="ruled | unruled (tools/render variants)")
    parser.add_argument("--generated", type=int, default=0, help="print N generated reports instead of the samples")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-asis", action="store_true", help="leave out camelot as-is (the slow one)")
    parser.add_argument("--profile", action="store_true", help="cProfile our reader: where the time goes")
    parser.add_argument("--real", action="store_true", help="native lattice vs camelot tuned on real ruled pages")
    parser.add_argument("--repeat", type=int, default=3, help="--real: runs per engine and file (median kept)")
    parser.add_argument("--only", default="", help="--real: only files whose name holds this")
    args = parser.parse_args()
    if args.real:
        from ruled_pages import run  # bench/ruled_pages.py (this folder is sys.path[0])

        with tempfile.TemporaryDirectory() as tmp:
            printed = [render_pdf(render_html(text.read_text(encoding="utf-8"), ruled=True), Path(tmp) / f"{text.stem}.pdf")
                       for text in sorted((ROOT / "data" / "raw").glob("*.txt"))]
            real = sorted(p for p in (ROOT.parent / "shared" / "real").glob("*.pdf"))
            run([p for p in real + printed if args.only in p.name], args.repeat)
        return
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    import camelot  # noqa: F401  (import cost is paid once, outside the timings)
    import pdfplumber  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        if args.generated:
            from corpus import generated_reports  # bench/corpus.py (this folder is sys.path[0])

            texts = sorted(generated_reports(Path(tmp) / "corpus", args.generated, args.seed))
        else:
            texts = sorted((ROOT / "data" / "raw").glob("*.txt"))
        pdfs = [(text, render_pdf(render_html(text.read_text(encoding="utf-8"), ruled=args.variant == "ruled"),
                                  Path(tmp) / f"{text.stem}.pdf"))
                for text in texts]
        pages = sum(page_count(pdf) for _, pdf in pdfs)
        print(f"{len(pdfs)} {'generated' if args.generated else 'sample'} reports printed as {args.variant} PDFs: "
              f"{pages} pages")
        truth = {pdf: truth_rows(text) for text, pdf in pdfs}
        results = {}
        for name, engine in (UNRULED_ENGINES if args.variant == "unruled" else ENGINES).items():
            if args.skip_asis and "as-is" in name:
                continue
            started = time.perf_counter()
            found = {pdf: engine(pdf) for _, pdf in pdfs}
            elapsed = time.perf_counter() - started
            rows = sum(sum(t.values()) for t in truth.values())
            matched = sum(sum((truth[pdf] & found[pdf]).values()) for pdf in found)
            results[name] = (pages / elapsed, matched / rows)
            print(f"{name:48s} {pages / elapsed:7.1f} pages/s   rows exact {matched}/{rows} = {matched / rows:.2%}")
        ours = results[next(iter(ENGINES))][0]
        for name, (speed, _) in results.items():
            if name != next(iter(ENGINES)):
                print(f"  ours / {name}: {ours / speed:.2f}×")
        matched = total = invented = 0
        for text, pdf in pdfs:
            expected, got = fact_keys(text), fact_keys(pdf)
            matched += sum((expected & got).values())
            total += sum(expected.values())
            invented += sum((got - expected).values())
            if not args.generated:
                print(f"  facts {text.name}: {sum((expected & got).values())}/{sum(expected.values())} match, "
                      f"{sum((got - expected).values())} invented")
        print(f"fact accuracy of our reader through the whole pipeline: {matched}/{total} = {matched / total:.2%}, "
              f"{invented} invented")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _, pdf in pdfs:
                ours_rows(pdf)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())


if __name__ == "__main__":
    main()
