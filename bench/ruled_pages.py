"""Ruled-page table reading on real PDFs: the native reader against camelot tuned (issue 17).

    .venv/bin/python bench/pdf_readers.py --real [--repeat 3] [--only NAME]

Every ruled page (pipelines.read.pdf.classify_pages) of every PDF in ../shared/real (read in place)
and of the four sample reports printed ruled by tools/render (Chromium). Per file, in one process,
alternating which engine goes first from one repeat (and file) to the next:
- native: pipelines.read.pdf.native_tables, then camelot for the pages it leaves (vector engine,
  then the rendered pass for pages without a grid), as the pipeline reads them;
- camelot tuned: camelot.read_pdf(flavor="lattice", engine="vector", split_text=True, the
  pipeline's options) over the file's ruled pages, camelot's own cell text;
- before: what the pipeline read ruled pages with before the native reader (camelot tuned, its
  cells refilled with pdfium's characters, the rendered pass for pages camelot missed).
Time is the process's CPU time (pages/s per core; the machine is shared), the median of the
repeats. The document is opened once outside the timings (the pipeline has it open already);
camelot parses the bytes itself (inside its timing, as in the pipeline). Agreement: per page, the
tables' cells after the text normalisation every later stage applies, whitespace removed for
camelot's raw text (it spaces letter-spaced glyphs), exact against `before`.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import time
import warnings
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium

from pipelines.read.lattice import LatticeSettings
from pipelines.read.pdf import PdfSettings, camelot_tables, classify_pages, native_tables, open_pdf, upright
from pipelines.textnorm import normalize_text

# Producer families, first match over "Producer | Creator" (Aspose rendering a WPS file is WPS).
FAMILIES = [("Chromium", r"Skia|Chrome"), ("WPS", r"WPS"), ("Excel", r"Excel"), ("Word", r"Word"),
            ("iText", r"iText"), ("ONLYOFFICE/OFD", r"ONLYOFFICE|OFD|Suwell|数科"),
            ("Print to PDF", r"Print To PDF|打印机"), ("Acrobat", r"Acrobat|Adobe|Distiller")]


def family(document: pdfium.PdfDocument) -> str:
    meta = document.get_metadata_dict()
    text = f"{meta.get('Producer', '')} | {meta.get('Creator', '')}"
    return next((name for name, pattern in FAMILIES if re.search(pattern, text, re.I)), "other")


class RuledFile:
    def __init__(self, path: Path):
        self.path = path
        data = path.read_bytes()
        document = open_pdf(str(path), data)
        self.family = family(document)
        turned = upright(document)
        if turned is not None:
            buffer = io.BytesIO()
            turned.save(buffer)
            document, data = turned, buffer.getvalue()
        self.document, self.data = document, data
        kinds, _ = classify_pages(document, PdfSettings.load())
        self.ruled = [kind.number for kind in kinds if kind.kind == "ruled"]


def read_native(file: RuledFile, settings: PdfSettings, lattice: LatticeSettings) -> tuple[dict, list[int]]:
    tables: dict = {}
    by_camelot, unseen = native_tables(file.document, file.ruled, tables, lattice)
    tables.update(camelot_tables(file.data, by_camelot, settings.lattice, file.document))
    missed = sorted([n for n in by_camelot if not tables.get(n)] + unseen)
    for number, found in camelot_tables(file.data, missed, settings.rendered, file.document).items():
        if grids := [region for region in found if region.is_table]:
            tables[number] = grids
    return {n: [r.rows for r in tables.get(n, [])] for n in file.ruled}, by_camelot + unseen


def read_before(file: RuledFile, settings: PdfSettings) -> dict:
    tables = camelot_tables(file.data, file.ruled, settings.lattice, file.document)
    missed = [number for number in file.ruled if not tables.get(number)]
    for number, found in camelot_tables(file.data, missed, settings.rendered, file.document).items():
        if grids := [region for region in found if region.is_table]:
            tables[number] = grids
    return {n: [r.rows for r in tables.get(n, [])] for n in file.ruled}


def read_camelot(file: RuledFile, settings: PdfSettings) -> dict:
    import camelot

    found = camelot.read_pdf(file.data, pages=",".join(map(str, file.ruled)), suppress_stdout=True, **settings.lattice)
    tables: dict = defaultdict(list)
    for table in found:
        tables[int(table.page)].append(table.data)
    return {n: tables.get(n, []) for n in file.ruled}


def _cells(tables: list, squeeze: bool) -> list:
    def cell(text: str) -> str:
        text = normalize_text(re.sub(r"\s*\n\s*", "", text))
        return re.sub(r"\s", "", text) if squeeze else text
    return [[[cell(c) for c in row] for row in rows] for rows in tables]


def agreement(ours: dict, theirs: dict, squeeze: bool) -> tuple[int, int, int, int]:
    """Pages equal, pages, cells equal (same table, row and column), cells of `theirs`."""
    pages = same_pages = cells = same_cells = 0
    for number, tables in theirs.items():
        a, b = _cells(ours.get(number, []), squeeze), _cells(tables, squeeze)
        pages += 1
        same_pages += a == b
        for i, table in enumerate(b):
            for j, row in enumerate(table):
                for k, text in enumerate(row):
                    cells += 1
                    same_cells += i < len(a) and j < len(a[i]) and k < len(a[i][j]) and a[i][j][k] == text
    return same_pages, pages, same_cells, cells


def _timed(function, *args):
    started = time.process_time()
    result = function(*args)
    return time.process_time() - started, result


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(paths: list[Path], repeat: int) -> None:
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    import camelot  # noqa: F401  (imported once, outside the timings)

    settings, lattice = PdfSettings.load(), LatticeSettings.load()
    print(f"load average at start: {loadavg()}")
    files = [f for f in (RuledFile(p) for p in paths) if f.ruled]
    engines = {"native": lambda f: read_native(f, settings, lattice), "camelot": lambda f: read_camelot(f, settings),
               "before": lambda f: read_before(f, settings)}
    times: dict = defaultdict(lambda: defaultdict(list))
    results: dict = {}
    for r in range(repeat):
        for index, file in enumerate(files):
            order = list(engines) if (r + index) % 2 == 0 else list(reversed(engines))
            for name in order:
                elapsed, result = _timed(engines[name], file)
                times[file.path.name][name].append(elapsed)
                results[(file.path.name, name)] = result
    print(f"load average at end: {loadavg()}  ({repeat} repeats, median CPU seconds per file)")
    by_family: dict = defaultdict(lambda: defaultdict(float))
    totals: dict = defaultdict(float)
    print(f"\n| file | family | ruled pages | native s | camelot tuned s | × | before s | left to camelot | "
          f"pages = camelot (cells) | pages = before |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    agree = defaultdict(lambda: [0, 0, 0, 0])
    for file in files:
        name = file.path.name
        median = {engine: statistics.median(times[name][engine]) for engine in engines}
        native, left = results[(name, "native")]
        vs_camelot = agreement(native, results[(name, "camelot")], squeeze=True)
        vs_before = agreement(native, results[(name, "before")], squeeze=False)
        for key, value in (("camelot", vs_camelot), ("before", vs_before)):
            agree[key] = [a + b for a, b in zip(agree[key], value)]
        for engine, seconds in median.items():
            by_family[file.family][engine] += seconds
            totals[engine] += seconds
        by_family[file.family]["pages"] += len(file.ruled)
        totals["pages"] += len(file.ruled)
        print(f"| {name} | {file.family} | {len(file.ruled)} | {median['native']:.2f} | {median['camelot']:.2f} | "
              f"{median['camelot'] / median['native']:.1f} | {median['before']:.2f} | {len(left)} | "
              f"{vs_camelot[0]}/{vs_camelot[1]} ({vs_camelot[2]}/{vs_camelot[3]}) | {vs_before[0]}/{vs_before[1]} |")
    print("\n| family | ruled pages | native pages/s per core | camelot tuned pages/s | × | before pages/s | × |")
    print("|---|---|---|---|---|---|---|")
    for name, row in sorted(by_family.items()) + [("all", totals)]:
        pages = row["pages"]
        print(f"| {name} | {pages:.0f} | {pages / row['native']:.1f} | {pages / row['camelot']:.1f} | "
              f"{row['camelot'] / row['native']:.2f} | {pages / row['before']:.1f} | {row['before'] / row['native']:.2f} |")
    c, b = agree["camelot"], agree["before"]
    print(f"\nagreement with camelot tuned's own text (normalised, whitespace removed): pages {c[0]}/{c[1]}, "
          f"cells {c[2]}/{c[3]} = {c[2] / max(c[3], 1):.2%}")
    print(f"agreement with the reading before (camelot tuned refilled from pdfium, rendered pass): pages {b[0]}/{b[1]}, "
          f"cells {b[2]}/{b[3]} = {b[2] / max(b[3], 1):.2%}")
