"""Reader for PDF reports: pdfium's grids (camelot as fallback) for the tables, pdfium for the prose,
Tesseract for scans.

Each page is classified from its own content (pdfium, no rendering): a page without a text
layer but with an image is a scan and goes to OCR (pipelines.read.ocr); a page with vector
ruling lines is read by the native lattice reader (pipelines.read.lattice: pdfium's rules snapped
into grids as camelot's vector engine snaps them, the cells holding the characters pdfium places in
them, pipelines.read.grid_text). A page it cannot trust goes to camelot's lattice parser on the
same vector lines (``engine="vector"``, ``split_text=True``: no rendering, and a number is never
joined with its neighbour's text), its cells refilled the same way; a page where neither finds a
grid in the vector rules is rendered for camelot. On a
page without rulings, borderless tables are rebuilt from pdfium's word positions
(pipelines.read.borderless: camelot's stream/network parsers split labels that wrap inside a cell
into two columns and pull titles into tables, 48–86 % of the facts on the samples); the same
reader stands in on a ruled page where no grid reader finds a table or camelot reads only "(cid:N)" glyphs. Text outside the
table areas is prose, read by pdfium in horizontal bands so that titles, units and narrative
keep their place between the tables (pipelines.read.prose). A table that continues on the next page has its repeated
header rows dropped. Every line records the engine that produced it.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.errors import RejectedInput
from pipelines.model import Line
from pipelines.read.borderless import BorderlessReader
from pipelines.read.glyphs import page_chars
from pipelines.read.grid_text import grid_rows, keeps_every_character
from pipelines.read.lattice import LatticeSettings, read_grids
from pipelines.read.orientation import chars_turn, page_turn, upright
from pipelines.read.pages import PageContent, Region, lines_from_pages
from pipelines.read.prose import prose_bands
from pipelines.reference import load_yaml


_CID = re.compile(r"\(cid:\d+\)")  # pdfminer's name for a glyph it cannot map to a character


@dataclass(frozen=True)
class PdfSettings:
    """Thresholds that classify pages; data in reference/pdf_reader.yaml."""

    min_rulings: int  # path objects on a page before it counts as ruled
    lattice: dict
    rendered: dict  # camelot's options for a ruled page whose rules its vector engine does not see
    prose_hide_clipped: bool = True  # prose leaves out characters their clipping hides

    @classmethod
    def load(cls) -> PdfSettings:
        raw = load_yaml("pdf_reader.yaml")
        return cls(raw["min_rulings"], raw["lattice"], raw["lattice_rendered"], raw["prose"]["hide_clipped"])


@dataclass(frozen=True)
class PageKind:
    number: int  # 1-based
    kind: str  # ruled | unruled | prose | scanned | blank (| turned, before orientation.upright)
    width: float
    height: float
    turn: tuple[int, int] = (0, 0)  # its /Rotate, the quarter turn its text is drawn at (orientation.page_turn)


def open_pdf(path: str, data: bytes) -> pdfium.PdfDocument:
    """pdfium's document, or RejectedInput naming what is wrong with the file."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise RejectedInput(path, "an encrypted PDF (password-protected); ask the publisher for an open copy",
                                "encrypted") from error
        raise RejectedInput(path, f"a damaged PDF that no reader can open ({error})", "corrupt_pdf") from error


def _rulings(path) -> int:
    """Rules one path object draws: each straight subpath (a line, a thin filled rectangle) counts,
    as printers that draw a whole grid as one path of rectangles (Microsoft Print to PDF) do; a
    path with curves (a chart, a seal) counts once."""
    segments = pdfium_c.FPDFPath_CountSegments(path)
    starts = 0
    for index in range(max(segments, 0)):
        kind = pdfium_c.FPDFPathSegment_GetType(pdfium_c.FPDFPath_GetPathSegment(path, index))
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return 1
        starts += kind == pdfium_c.FPDF_SEGMENT_MOVETO
    return max(starts, 1)


def _count_paths(page: pdfium.PdfPage, enough: int) -> int:
    """Rules (cell borders) on a page, inside forms too, counted up to `enough` through the raw
    API (_rulings)."""
    found = 0
    stack = [(pdfium_c.FPDFPage_CountObjects(page.raw), lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i))]
    while stack and found < enough:
        count, get = stack.pop()
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                found += _rulings(obj)
                if found >= enough:
                    break
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((pdfium_c.FPDFFormObj_CountObjects(obj),
                              lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i)))
    return found


def classify_pages(document: pdfium.PdfDocument, settings: PdfSettings, borderless: BorderlessReader | None = None,
                   mark_turned: bool = True, indexes: list[int] | None = None
                   ) -> tuple[list[PageKind], dict[int, list[Region]]]:
    """Each page's kind (of the 0-based `indexes`, default all), and the borderless tables found on
    the pages without rulings. With `mark_turned`, a page whose text is not upright (or that has a
    /Rotate) is only marked "turned", to be classified again once orientation.upright has turned it."""
    borderless = borderless or BorderlessReader()
    kinds, found = [], {}
    for index in range(len(document)) if indexes is None else indexes:
        page = document[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        turn = page_turn(page, chars_turn(textpage.raw) if text.strip() else None)
        if not text.strip():
            images = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
            kinds.append(PageKind(index + 1, "scanned" if images else "blank", width, height, turn))
            continue
        if mark_turned and turn != (0, 0):
            kind = "turned"
        elif _count_paths(page, settings.min_rulings) >= settings.min_rulings:
            kind = "ruled"
        elif tables := borderless.tables(page):
            kind = "unruled"
            found[index + 1] = tables
        else:
            kind = "prose"
        kinds.append(PageKind(index + 1, kind, width, height, turn))
    return kinds, found


def camelot_tables(source: str | Path | bytes, pages: list[int], options: dict,
                   document: pdfium.PdfDocument | None = None, chars: dict | None = None) -> dict[int, list[Region]]:
    """Table regions per page from one camelot call over the given pages; with the document, each
    grid's cells hold the characters pdfium draws in them (pipelines.read.grid_text)."""
    if not pages:
        return {}
    import camelot  # imported here: loading camelot costs ~1 s, text-only runs never need it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no tables found on page N" is an answer, not a problem
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        found = camelot.read_pdf(source, pages=",".join(map(str, pages)), suppress_stdout=True, **options)
    engine = f"camelot-{options['flavor']}"
    regions: dict[int, list[Region]] = {}
    chars = {} if chars is None else chars  # pdfium's characters per page, read once
    for table in found:
        top, bottom = table.rows[0][0], table.rows[-1][1]
        left, right = table.cols[0][0], table.cols[-1][1]
        rows = [[_cell(text) for text in row] for row in table.data]
        number = int(table.page)
        if document is not None:
            if number not in chars:
                chars[number] = _page_chars(document[number - 1])
            edges = [[(cell.left, cell.top) for cell in row] for row in table.cells]
            placed = grid_rows(chars[number], table.rows, table.cols, edges)
            if keeps_every_character(placed, rows):
                rows = placed
        regions.setdefault(number, []).append(Region(top, bottom, left, right, rows, engine))
    return regions


def native_tables(document: pdfium.PdfDocument, ruled: list[int], tables: dict[int, list[Region]],
                  settings: LatticeSettings | None = None, chars: dict | None = None) -> tuple[list[int], list[int]]:
    """Read the ruled pages natively (pipelines.read.lattice) into `tables`, each page's characters
    into `chars`. Returned: the pages left to camelot's vector engine (a reason the native reading
    cannot be trusted), and the pages whose vector rules hold no grid for either reader, for
    camelot's rendered pass when `render_without_grid` asks for it."""
    settings = settings or LatticeSettings.load()
    chars = {} if chars is None else chars
    if not settings.enabled:
        return ruled, []
    by_camelot, unseen = [], []
    for number in ruled:
        page = document[number - 1]
        chars[number] = _page_chars(page)
        native = read_grids(page, chars[number], settings)
        if native.rendered_only:
            unseen.append(number)
        elif native.reason:
            by_camelot.append(number)
        else:
            tables[number] = native.regions
    return by_camelot, unseen if settings.render_without_grid else []


def _page_chars(page: pdfium.PdfPage) -> list:
    """pdfium's characters in pdfminer's coordinates (the media box's lower left corner at 0, 0),
    each with its clipping (the native reader places a clipped glyph by the part that shows)."""
    x0, y0, _, _ = page.get_mediabox()
    return page_chars(page, (x0, y0), clips=True)


def _cell(text: str) -> str:
    # A cell wrapped onto several lines: CJK labels and numbers join without a space.
    return re.sub(r"\s*\n\s*", "", text).strip()


def read_pdf_pages(path: str, data: bytes) -> list[PageContent]:
    """Every page of a PDF as ordered regions (tables and prose), OCR'ing scanned pages."""
    settings = PdfSettings.load()
    document = open_pdf(path, data)
    try:
        borderless = BorderlessReader()
        kinds, tables = classify_pages(document, settings, borderless)
        if any(kind.turn != (0, 0) for kind in kinds):  # text drawn turned, or shown through /Rotate
            turned = upright(document, [kind.turn for kind in kinds])
            document.close()
            buffer = io.BytesIO()
            turned.save(buffer)
            document, data = turned, buffer.getvalue()  # camelot reads the bytes: hand it the upright pages
            again, found = classify_pages(document, settings, borderless, mark_turned=False,
                                          indexes=[kind.number - 1 for kind in kinds if kind.turn != (0, 0)])
            kinds = [next((k for k in again if k.number == kind.number), kind) for kind in kinds]
            tables.update(found)  # the pages not turned are the same pages, already classified
        scanned = [kind for kind in kinds if kind.kind == "scanned"]
        ocr_by_page = {}
        if scanned:
            from pipelines.read.ocr import ocr_pages  # only scans need Tesseract

            ocr_by_page = {page.number: page for page in ocr_pages(path, document, scanned)}
        ruled = [k.number for k in kinds if k.kind == "ruled"]
        chars: dict[int, list] = {}
        by_camelot, unseen = native_tables(document, ruled, tables, chars=chars)
        tables.update(camelot_tables(data, by_camelot, settings.lattice, document, chars))
        # pages where neither reader sees a grid in the vector rules: look for one on the rendered page
        missed = sorted([number for number in by_camelot if not tables.get(number)] + unseen)
        for number, found in camelot_tables(data, missed, settings.rendered, document, chars).items():
            if grids := [region for region in found if region.is_table]:
                tables[number] = grids
        for number in ruled:  # camelot found no table, or one of undecodable glyphs: read the words
            if not tables.get(number) or any(_CID.search(c) for r in tables[number] for row in r.rows for c in row):
                if found := borderless.tables(document[number - 1]):
                    tables[number] = found
        pages = []
        for kind in kinds:
            if kind.number in ocr_by_page:
                pages.append(ocr_by_page[kind.number])
                continue
            page_tables = tables.get(kind.number, [])
            prose = prose_bands(document[kind.number - 1], kind.height, kind.width, page_tables, "pdfium-text",
                                settings.prose_hide_clipped)
            pages.append(PageContent(kind.number, kind.kind, page_tables + prose))
        return pages
    finally:
        document.close()


def read_pdf_report(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of a PDF report in reading order, with exact page numbers."""
    lines = lines_from_pages(read_pdf_pages(path, data))
    if not lines:
        raise RejectedInput(path, "a PDF without any text, tables or scanned pages", "empty_pdf")
    return lines
