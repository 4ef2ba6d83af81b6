"""The same PDF drawn again as other producers draw it: the reader must read the same facts from each.

    cairo_pdf(pdf, out)                  # poppler's cairo backend (pdftocairo -pdf): new font subsets,
                                         # one text object per glyph run, rules as paths, clip paths
    rotated_pdf(pdf, out, 90)            # every page given /Rotate 90 (content upright in page space,
                                         # shown turned), as publishers store landscape tables
    rotated_pdf(pdf, out, 90, cairo=True)  # that file printed again: a landscape page with the
                                         # content itself drawn turned, no /Rotate
    scanned_pdf(pdf, out, pages=[3, 4])  # those pages replaced by images of them (a scan)

Real reports come from WPS, Word, Excel, iText, Aspose, OFD converters and print drivers; these
transforms are the ones this machine can make (bench/producer_variants.py, tests/read).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def has_pdftocairo() -> bool:
    return shutil.which("pdftocairo") is not None


def cairo_pdf(pdf: Path, out: Path, first: int | None = None, last: int | None = None) -> Path:
    """pdf printed again by poppler's cairo backend (pages first..last, 1-based, when given)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = ["pdftocairo", "-pdf", "-q"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    subprocess.run([*command, str(pdf), str(out)], check=True, capture_output=True, timeout=600)
    return out


def rotated_pdf(pdf: Path, out: Path, degrees: int, cairo: bool = False, pages: list[int] | None = None) -> Path:
    """A copy whose pages (1-based `pages`, default all) are shown turned `degrees` clockwise more
    through /Rotate; with `cairo`, printed again by pdftocairo, which draws the turned content on a
    page of the shown size without /Rotate."""
    import pypdfium2 as pdfium

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            if pages is None or index + 1 in pages:
                page = document[index]
                page.set_rotation((page.get_rotation() + degrees) % 360)
        if not cairo:
            document.save(str(out))
            return out
        with tempfile.TemporaryDirectory() as tmp:
            turned = Path(tmp) / "turned.pdf"
            document.save(str(turned))
            return cairo_pdf(turned, out)
    finally:
        document.close()


def scanned_pdf(pdf: Path, out: Path, pages: list[int], dpi: int = 200) -> Path:
    """A copy of pdf whose given pages (1-based) are scans: each rendered to a grey image at `dpi`
    on a page of its shown size, no text layer left; the other pages as they were."""
    import pypdfium2 as pdfium

    from tools.render.pdf import rebuilt_pdf

    def scanned(source, target, index: int) -> bool:
        if index + 1 not in pages:
            return False
        width, height = source[index].get_size()
        bitmap = source[index].render(scale=dpi / 72, grayscale=True)
        page = target.new_page(width, height)
        image = pdfium.PdfImage.new(target)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
        return True

    return rebuilt_pdf(pdf, out, scanned)
