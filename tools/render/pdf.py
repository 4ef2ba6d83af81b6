"""Print a report's HTML rendering to PDF with headless Chromium, and rasterise a PDF into a scan.

    render_pdf(html, out)            # ruled or unruled, per the HTML; CJK in Noto Sans CJK SC
    rasterise_pdf(pdf, out, dpi=150) # image-only PDF: what a scanned disclosure looks like

Chromium is Debian's (scripts/setup.sh installs it with fonts-noto-cjk); the print is made with
no header/footer so the page content is exactly the report's.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is needed to print PDF fixtures (apt-get install chromium fonts-noto-cjk)")


def render_pdf(html: str, out: Path) -> Path:
    """Print HTML to out (a PDF) with headless Chromium."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", page.as_uri()],
            check=True, capture_output=True, timeout=180)
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"Chromium did not write {out}")
    return out


def rasterise_pdf(pdf: Path, out: Path, dpi: int = 150) -> Path:
    """An image-only copy of pdf: every page rendered to a grey bitmap, no text layer left."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        images = [document[index].render(scale=dpi / 72, grayscale=True).to_pil() for index in range(len(document))]
    finally:
        document.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def rebuilt_pdf(pdf: Path, out: Path, draw) -> Path:
    """A copy of pdf page by page: `draw(source, target, index)` adds a page of its own to target and
    returns True, or returns False and the page is copied as it is."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(pdf))
    target = pdfium.PdfDocument.new()
    try:
        for index in range(len(source)):
            if not draw(source, target, index):
                target.import_pages(source, [index])
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        target.save(str(out))
    finally:
        target.close()
        source.close()
    return out


def turn_landscape_pages(pdf: Path, out: Path) -> Path:
    """A copy of pdf whose landscape pages are stored as some publishers do: a portrait page whose
    content is drawn turned a quarter left, shown upright by the page's /Rotate 90. Text
    extracted in page space then runs bottom to top; a reader must apply /Rotate to read it.
    (The turned content is the original page as a form XObject: pdfium cannot regenerate the
    text of Chromium's embedded fonts.)"""
    import pypdfium2 as pdfium

    def turned(source, target, index: int) -> bool:
        width, height = source[index].get_size()
        if width <= height:
            return False
        form = source.page_as_xobject(index, target).as_pageobject()
        form.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))  # a quarter left, on a portrait page
        page = target.new_page(height, width)
        page.insert_obj(form)
        page.gen_content()
        page.set_rotation(90)
        return True

    return rebuilt_pdf(pdf, out, turned)
