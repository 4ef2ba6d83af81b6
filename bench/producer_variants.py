"""The same real report drawn by another producer must give the same facts (issue 14: reader robustness).

    .venv/bin/python bench/producer_variants.py [--only NAME] [--variants cairo,rot90,rot90-cairo]
                                                [--scan-pages 2] [--markdown] [--show 5] [-j 2]

Every PDF of ../shared/real (read in place) is drawn again in a temporary folder (tools/render/producers):
`cairo` (pdftocairo -pdf: poppler's cairo backend, new font subsets, text objects, paths and clip
paths, as Linux converters and some OFD→PDF tools emit), `rot90` / `rot270` (every page shown a
quarter turned more through /Rotate: content upright in page space), `rot90-cairo` / `rot270-cairo`
(that file printed by pdftocairo: the content itself drawn turned on a page of the shown size), and
`scan` (the first `--scan-pages` pages holding facts replaced by 200 dpi images, read by OCR: its
facts are compared on those pages only). Original and variant go through
pipelines.extract.extract_report; compared are the report's metadata (unit, year, stage, scope, money
unit) and its facts as a multiset of (table kind, func/econ code, item, measure, unit of measure,
line label, unit, amount). Per file and variant: facts of the original / of the variant / identical /
differing (a key of one side whose amount, or a fact whose key, the other side holds otherwise) /
missing (in the original, not in the variant) / extra, and the first differences.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REAL = ROOT.parent / "shared" / "real"
VARIANTS = ("cairo", "rot90", "rot90-cairo", "rot270", "rot270-cairo", "scan")
DEFAULT_VARIANTS = "cairo,rot90,rot90-cairo,rot270-cairo"


def fact_key(fact) -> tuple:
    return (fact.table_kind, fact.func_code, fact.econ_code, fact.item, fact.measure, fact.unit_of_measure,
            fact.line_label, fact.unit_name, fact.amount)


def meta_of(report) -> tuple:
    meta = report.meta
    return (meta.unit_name, meta.year, meta.stage, meta.scope, meta.money_unit)


def make_variant(source: Path, variant: str, out: Path, scan_pages: list[int]) -> Path:
    from tools.render.producers import cairo_pdf, rotated_pdf, scanned_pdf

    if variant == "cairo":
        return cairo_pdf(source, out)
    if variant == "scan":
        return scanned_pdf(source, out, scan_pages)
    degrees = int(variant[3:].split("-")[0])
    return rotated_pdf(source, out, degrees, cairo=variant.endswith("-cairo"))


def extracted(path: Path) -> tuple[str, tuple | None, list]:
    """(status, metadata, facts) of a file: 'loaded', or the reason it was rejected."""
    from pipelines.errors import RejectedInput
    from pipelines.extract import extract_report

    try:
        report = extract_report(path)
    except RejectedInput as error:
        return f"rejected ({error.code})", None, []
    return "loaded", meta_of(report), report.facts


def compare(original: list, variant: list) -> dict:
    a, b = Counter(map(fact_key, original)), Counter(map(fact_key, variant))
    same = a & b
    missing, extra = a - b, b - a
    # a differing fact: its key without the amount is on both sides (the amount was read otherwise)
    keys_missing = Counter(k[:-1] for k in missing.elements())
    keys_extra = Counter(k[:-1] for k in extra.elements())
    differing = sum((keys_missing & keys_extra).values())
    return {"original": len(original), "variant_facts": len(variant), "identical": sum(same.values()),
            "differing": differing, "missing": sum(missing.values()) - differing,
            "extra": sum(extra.values()) - differing,
            "first": [("-", k) for k in sorted(missing, key=str)[:12]] + [("+", k) for k in sorted(extra, key=str)[:12]]}


def run_file(args: tuple) -> list[dict]:
    path, variants, scan_count = args
    rows = []
    started = time.perf_counter()
    status, meta, facts = extracted(path)
    base_seconds = time.perf_counter() - started
    scan_pages = sorted({f.source_page for f in facts})[:scan_count]
    with tempfile.TemporaryDirectory(prefix="variants-") as tmp:
        for variant in variants:
            if variant == "scan" and not scan_pages:
                continue
            out = Path(tmp) / f"{variant}.pdf"
            try:
                make_variant(path, variant, out, scan_pages)
            except Exception as error:  # noqa: BLE001 - a transform this machine cannot make is reported, not fatal
                rows.append({"file": path.name, "variant": variant, "status": f"no variant: {error}"[:60]})
                continue
            started = time.perf_counter()
            v_status, v_meta, v_facts = extracted(out)
            seconds = time.perf_counter() - started
            base = facts
            if variant == "scan":  # only the scanned pages are compared
                base = [f for f in facts if f.source_page in scan_pages]
                v_facts = [f for f in v_facts if f.source_page in scan_pages]
            row = {"file": path.name, "variant": variant, "status": status if status == v_status else f"{status} → {v_status}",
                   "meta": "same" if meta == v_meta else f"{meta} → {v_meta}", "seconds": (base_seconds, seconds),
                   "pages": scan_pages if variant == "scan" else None}
            row.update(compare(base, v_facts))
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only files whose name holds this (comma-separated: any)")
    parser.add_argument("--variants", default=DEFAULT_VARIANTS, help=f"comma-separated, of {', '.join(VARIANTS)}")
    parser.add_argument("--scan-pages", type=int, default=2, help="scan: how many of the pages holding facts")
    parser.add_argument("--show", type=int, default=4, help="differences printed per file and variant")
    parser.add_argument("--markdown", action="store_true", help="a markdown table for bench/RESULTS.md")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="files read in parallel (processes)")
    parser.add_argument("--folder", type=Path, default=REAL, help="the real PDFs (default ../shared/real)")
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variants {sorted(unknown)}")
    wanted = [w for w in args.only.split(",") if w]
    files = sorted(p for p in args.folder.glob("*.pdf") if not wanted or any(w in p.name for w in wanted))
    jobs = [(path, variants, args.scan_pages) for path in files]
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = [row for rows in pool.map(run_file, jobs) for row in rows]
    else:
        results = [row for job in jobs for row in run_file(job)]
    report(results, args, time.perf_counter() - started)


def report(results: list[dict], args, seconds: float) -> None:
    header = ["file", "variant", "status", "meta", "original", "variant facts", "identical", "differing", "missing", "extra"]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    for row in results:
        if "original" not in row:
            cells = [row["file"], row["variant"], row["status"], "", "", "", "", "", "", ""]
        else:
            variant = row["variant"] + (f" p{','.join(map(str, row['pages']))}" if row["pages"] else "")
            cells = [row["file"], variant, row["status"], row["meta"], row["original"], row["variant_facts"],
                     row["identical"], row["differing"], row["missing"], row["extra"]]
        if args.markdown:
            print("| " + " | ".join(map(str, cells)) + " |")
        else:
            print("  ".join(f"{c!s:<{w}}" for c, w in zip(cells, (42, 16, 8, 6, 6, 6, 6, 6, 6, 6))))
        if not args.markdown and row.get("first") and args.show:
            for sign, key in row["first"][: args.show] + [d for d in row["first"] if d[0] == "+"][: args.show]:
                print(f"      {sign} {key}")
    compared = [r for r in results if "original" in r]
    by_variant: dict[str, list[int]] = {}
    for row in compared:
        totals = by_variant.setdefault(row["variant"], [0, 0, 0, 0, 0, 0, 0])
        for i, key in enumerate(("original", "variant_facts", "identical", "differing", "missing", "extra")):
            totals[i] += row[key]
        totals[6] += row["original"] == row["variant_facts"] == row["identical"] and row["meta"] == "same"
    print()
    for variant, (orig, var, same, diff, miss, extra, whole) in by_variant.items():
        files = sum(1 for r in compared if r["variant"] == variant)
        print(f"{variant}: {whole}/{files} files identical; facts {orig} original, {var} variant, {same} identical, "
              f"{diff} differing, {miss} missing, {extra} extra")
    print(f"{seconds:.0f} s")


if __name__ == "__main__":
    main()
