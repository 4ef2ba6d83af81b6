"""The DOCX reader on the sample reports rendered as Word documents (tools/render/docx.py): facts vs the
text originals, reading speed (pages and facts per second) beside the HTML reader on the same reports,
and a large document (the budget sample's body repeated) for the memory ElementTree holds.

    .venv/bin/python bench/docx_reader.py [--repeat 5] [--copies 40]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract import extract_report  # noqa: E402
from pipelines.read.dispatch import read_document  # noqa: E402
from pipelines.read.docx import read_docx  # noqa: E402
from tools.render.docx import render_docx  # noqa: E402
from tools.render.html import render_html  # noqa: E402


def fact_keys(report) -> Counter:
    return Counter((f.table_kind, f.measure, f.func_code, f.econ_code, f.item, f.unit_name, f.unit_code, f.scope,
                    f.unit_of_measure, f.original_unit, f.amount) for f in report.facts)


def best(seconds: list[float]) -> float:
    return min(seconds)


def timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return best(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=40, help="copies of the budget body in the large document")
    args = parser.parse_args(argv)
    out = Path("/tmp/docx_bench")
    out.mkdir(exist_ok=True)
    print("| sample | facts text | facts DOCX | same keys+amounts | pages | read DOCX s | pages/s | "
          "read+extract DOCX s | facts/s | read HTML s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    totals = Counter()
    for source in sorted((ROOT / "data" / "raw").glob("*.txt")):
        text = source.read_text(encoding="utf-8-sig")
        docx, html = out / f"{source.stem}.docx", out / f"{source.stem}.html"
        docx.write_bytes(render_docx(text)[0])
        html.write_text(render_html(text), encoding="utf-8")
        original, rendered = extract_report(source), extract_report(docx)
        same = fact_keys(original) == fact_keys(rendered)
        pages = rendered.source.pages
        read_s = timed(lambda: read_document(docx), args.repeat)
        whole_s = timed(lambda: extract_report(docx), args.repeat)
        html_s = timed(lambda: read_document(html), args.repeat)
        facts = len(rendered.facts)
        totals.update(facts_text=len(original.facts), facts=facts, pages=pages, same=int(same))
        totals.update({"read": read_s, "whole": whole_s, "html": html_s})
        print(f"| {source.stem} | {len(original.facts)} | {facts} | {'yes' if same else 'NO'} | {pages} | {read_s:.3f} | "
              f"{pages / read_s:,.0f} | {whole_s:.3f} | {facts / whole_s:,.0f} | {html_s:.3f} |")
    print(f"| all 4 | {totals['facts_text']} | {totals['facts']} | {totals['same']}/4 | {totals['pages']} | "
          f"{totals['read']:.3f} | {totals['pages'] / totals['read']:,.0f} | {totals['whole']:.3f} | "
          f"{totals['facts'] / totals['whole']:,.0f} | {totals['html']:.3f} |")

    # a large document: the budget sample's body repeated, to see time and memory grow with size
    data, _ = render_docx((ROOT / "data" / "raw" / "baotou-hrss-dept-2025-budget.txt").read_text(encoding="utf-8-sig"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    head, rest = document.split("<w:body>", 1)
    body, tail = rest.rsplit("<w:sectPr>", 1)
    parts["word/document.xml"] = (head + "<w:body>" + body * args.copies + "<w:sectPr>" + tail).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    big = buffer.getvalue()
    tracemalloc.start()
    started = time.perf_counter()
    lines = read_docx("large.docx", big)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = len(parts["word/document.xml"])
    print(f"\nlarge: {args.copies} copies, document.xml {size / 2**20:.1f} MB ({len(big) / 2**20:.2f} MB zipped), "
          f"{len(lines):,} lines on {max(line.page for line in lines)} pages in {seconds:.2f} s (tracemalloc), "
          f"peak Python memory {peak / 2**20:,.0f} MB = {peak / size:.1f}× the XML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
