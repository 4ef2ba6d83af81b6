"""Render text reports as the formats departments publish: a saved web page and an XLSX workbook.

    python tools/render/build.py OUT_DIR [--formats html,xlsx,docx,mhtml,pdf,pdf-unruled,pdf-scan] [files...]
                                                                         (default: data/raw/*.txt)

Writes OUT_DIR/<name>.html, .xlsx, .docx (a Word document: tools/render/docx.py), .mhtml (Word's
single-file web page: tools/render/mhtml.py), .pdf (Chromium's print of the HTML: ruled tables, Noto Sans CJK,
landscape pages for wide tables, long tables breaking across pages with their header repeated),
.unruled.pdf (the same without any ruling line) and .scan.pdf (the PDF rasterised at 200 dpi:
image-only, what a scanned disclosure is). html and xlsx unless --formats says otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder is sys.path[0] and its html.py would shadow the standard library's html.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from tools.render.docx import write_docx  # noqa: E402
from tools.render.html import render_html  # noqa: E402
from tools.render.mhtml import write_mhtml  # noqa: E402
from tools.render.xlsx import write_xlsx  # noqa: E402


def _html(text: str, path: Path) -> Path:
    path.write_text(render_html(text), encoding="utf-8")
    return path


def _pdf(text: str, path: Path) -> Path:
    from tools.render.pdf import render_pdf  # Chromium's print of the HTML rendering

    return render_pdf(render_html(text), path)


def _pdf_unruled(text: str, path: Path) -> Path:
    from tools.render.pdf import render_pdf

    return render_pdf(render_html(text, ruled=False), path)


def _pdf_scan(text: str, path: Path) -> Path:
    from tools.render.pdf import rasterise_pdf

    ruled = _pdf(text, path.with_name(path.name + ".tmp.pdf"))
    try:
        return rasterise_pdf(ruled, path, dpi=200)
    finally:
        ruled.unlink()


# format → (file name ending, renderer)
RENDERERS: dict[str, tuple[str, Callable[[str, Path], Path]]] = {
    "html": (".html", _html), "xlsx": (".xlsx", write_xlsx), "docx": (".docx", write_docx), "pdf": (".pdf", _pdf),
    "mhtml": (".mhtml", write_mhtml),
    "pdf-unruled": (".unruled.pdf", _pdf_unruled), "pdf-scan": (".scan.pdf", _pdf_scan),
}


def render_file(source: Path, out_dir: Path, formats: tuple[str, ...] = ("html", "xlsx")) -> list[Path]:
    """The renderings of one text report, written to out_dir as <name>.<format>."""
    text = source.read_text(encoding="utf-8-sig")
    out_dir.mkdir(parents=True, exist_ok=True)
    return [RENDERERS[fmt][1](text, out_dir / f"{source.stem}{RENDERERS[fmt][0]}") for fmt in formats]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("files", nargs="*", type=Path, help="text reports (default: data/raw/*.txt)")
    parser.add_argument("--formats", default="html,xlsx", help="comma-separated: " + ",".join(RENDERERS))
    args = parser.parse_intermixed_args(argv)  # OUT_DIR --formats … files… in any order
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = set(formats) - set(RENDERERS)
    if not formats or unknown:
        parser.error(f"--formats takes {', '.join(RENDERERS)} (not {', '.join(sorted(unknown)) or 'nothing'})")
    files = args.files or sorted((ROOT / "data" / "raw").glob("*.txt"))
    started = time.perf_counter()
    written = [path for source in files for path in render_file(source, args.out_dir, formats)]
    for path in written:
        print(path)
    print(f"{len(written)} files from {len(files)} reports in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
