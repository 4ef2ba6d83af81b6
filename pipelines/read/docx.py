"""Reader for Word (.docx) reports: the body of the main document part, in order, as the project's
lines (the standard library's zipfile and xml.etree; no python-docx or lxml needed).

- A paragraph is a prose line (one cell); a line break (w:br, w:cr) inside it starts another line.
  Tabs print as a space. Numbering (w:numPr: "一、", "1.", bullets) is drawn by Word from
  numbering.xml and is not in the text: it is not invented here, as the HTML reader does not invent
  a list's bullets.
- A table row is a table row with one cell per grid column, merged cells laid out as the HTML reader
  does (pipelines.read.docx_tables); a one-column table is prose; a table framing other tables
  (page layout) is read as flowing content.
- Pages are the pages Word printed: a page break the author put there (w:br w:type="page",
  w:pageBreakBefore directly or through the paragraph's style, a section break starting a new page —
  a w:sectPr in a paragraph, whose next section's w:type is not "continuous") or one Word found when
  it last paginated the document (w:lastRenderedPageBreak). An author's break and the rendered break
  Word writes at the top of the same new page are one break; a rendered break inside a line (a
  paragraph running over a page) starts the next line's page. A file written by a program that never
  paginated it has its author's breaks only.
- Not read, as not printed or not the report's body: hidden text (w:vanish, directly or by style),
  text deleted in tracked changes, field codes (their results are read), headers and footers (page
  numbers, the unit's name repeated, watermarks drawn there), footnotes, comments. A text box's
  paragraphs (a cover title set in a box) are prose lines after the paragraph it is anchored in, read
  once although Word stores each box twice (DrawingML and VML).
- An imported HTML part (w:altChunk, how HTML-to-Word converters write a whole report) is read by the
  HTML reader in its place; an imported web archive (an MHT part, message/rfc822: how some converters
  embed a whole saved page) has its HTML page read so (pipelines.read.mhtml); an imported part of
  another format rejects the file.

``number`` is the line's running ordinal in reading order; the engine is "docx".
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from pipelines.errors import RejectedInput, UnsupportedFormat
from pipelines.model import Line
from pipelines.read.docx_tables import Row, block_children, cells_of, is_layout, rows_of, table_rows
from pipelines.read.docx_text import W_NAMESPACES, Styles, paragraph_parts, read_styles, w_attr, w_child, w_name
from pipelines.read.html import read_html
from pipelines.read.mhtml import looks_like_mhtml, read_mhtml
from pipelines.read.watermarks import is_watermark
from pipelines.textnorm import normalize_text

ENGINE = "docx"
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_HTML_PART = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype html|<html|<head|<body|<table|<p\b|<div)",
                        re.I | re.S)
_NO_PAGE = frozenset({"continuous", "nextColumn"})  # section starts that do not start a page


class _LineWriter:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.page = 1
        self.buffer: list[str] = []
        self.explicit = 0  # author's page breaks since the last line
        self.rendered = 0  # Word's rendered page breaks since the last line (the same pages, when both)
        self.sure = 0  # page boundaries a line ran over since the last line (counted once each)
        self.deferred = 0  # rendered breaks inside the line being read

    def page_break(self, kind: str) -> None:
        if kind == "rendered" and "".join(self.buffer).strip():
            self.deferred += 1
        elif kind == "explicit":
            self.explicit += 1
        else:
            self.rendered += 1

    def _emit(self, raw: str, cells: tuple[str, ...]) -> None:
        self.page += self.sure + max(self.explicit, self.rendered)
        self.sure = self.explicit = self.rendered = 0
        self.lines.append(Line(number=len(self.lines) + 1, page=self.page, raw=raw, cells=cells, engine=ENGINE))

    def text(self, text: str) -> None:
        self.buffer.append(text)

    def flush(self) -> None:
        raw = "".join(self.buffer).strip()
        self.buffer.clear()
        if raw:
            cell = normalize_text(raw)
            if cell and not is_watermark(cell):
                self._emit(raw, (cell,))
        self.sure += self.deferred
        self.deferred = 0

    def line(self, raw: str, cells: tuple[str, ...]) -> None:
        self.flush()
        self._emit(raw, cells)

    def row(self, row: Row, width: int) -> None:
        self.flush()
        self.explicit += row.breaks.explicit_before
        self.rendered += row.breaks.rendered_before
        if any(cell.strip() for cell in row.cells):
            if width < 2:
                self.text(row.cells[0])
                self.flush()
            else:
                self._emit("\t".join(row.cells), tuple(normalize_text(cell) for cell in row.cells))
        self.sure += row.breaks.after


def _section_breaks(body: Element) -> dict[int, str]:
    """id(paragraph sectPr) → how the next section starts (w:type; nextPage when not given): a
    section's own w:sectPr says how it starts, and a paragraph's w:sectPr ends the section before."""
    ordered = [w_child(node, "sectPr") for namespace in W_NAMESPACES for node in body.iter(f"{{{namespace}}}pPr")]
    ordered = [element for element in ordered if element is not None]
    final = w_child(body, "sectPr")
    following = ordered[1:] + ([final] if final is not None else [])
    starts = {}
    for element, nxt in zip(ordered, following):
        kind = w_child(nxt, "type")
        starts[id(element)] = (w_attr(kind, "val") if kind is not None else None) or "nextPage"
    return starts


class _BodyReader:
    def __init__(self, path: str, body: Element, styles: Styles, related: dict[str, bytes]) -> None:
        self.out = _LineWriter()
        self.path = path
        self.styles = styles
        self.related = related  # relationship id → bytes of the part (imported w:altChunk parts)
        self.section_starts = _section_breaks(body)

    def blocks(self, container: Element, *, in_box: bool = False) -> None:
        for block in block_children(container):
            if w_name(block) == "p":
                self.paragraph(block, in_box=in_box)
            elif w_name(block) == "altChunk":
                self.imported(block)
            elif is_layout(block):
                for row in rows_of(block):
                    for cell in cells_of(row):
                        self.blocks(cell, in_box=in_box)
            else:
                rows = table_rows(block, self.styles)
                width = max((len(row.cells) for row in rows), default=0)
                for row in rows:
                    self.out.row(row, width)

    def paragraph(self, paragraph: Element, *, in_box: bool) -> None:
        out = self.out
        boxes: list[Element] = []
        for kind, value in paragraph_parts(paragraph, self.styles):
            if kind == "text":
                out.text(str(value))
            elif kind == "line":
                out.flush()
            elif kind == "page" and not in_box:  # a text box is drawn on its anchor's page
                out.page_break(str(value))
            elif kind == "box":
                boxes.append(value)
        out.flush()
        for box in boxes:
            self.blocks(box, in_box=True)
        section = w_child(w_child(paragraph, "pPr"), "sectPr")
        if section is not None and self.section_starts.get(id(section), "continuous") not in _NO_PAGE:
            out.page_break("explicit")


    def imported(self, chunk: Element) -> None:
        """A w:altChunk: a part Word imports when it opens the file (an HTML page, as HTML-to-Word
        converters write whole reports). An HTML part is read by the HTML reader, a web archive (MHT)
        by the MHTML reader (its HTML page, by the HTML reader), their pages on this document's; any
        other (RTF, another DOCX) is no reader's: the file is rejected, not read without it. The bytes
        say which, as dispatch decides for a file (a part's name or content type can be anything)."""
        data = self.related.get(next((v for k, v in chunk.attrib.items() if k.endswith("}id")), ""), b"")
        if looks_like_mhtml(data[:4096]):
            lines = read_mhtml(self.path, data)
        elif _HTML_PART.match(data[:4096]):
            lines = read_html(self.path, data)
        else:
            raise UnsupportedFormat(self.path, "a DOCX whose text is an imported part (w:altChunk) that is not HTML "
                                    "or a web archive (RTF or another document): no reader; open it in Word and "
                                    "save it again")
        page = 1
        for line in lines:
            if line.page > page:
                self.out.page_break("explicit")
                page = line.page
            self.out.line(line.raw, line.cells)


def _relationships(archive: zipfile.ZipFile, rels_path: str, base: str) -> dict[str, str]:
    """Relationship id → target part of a .rels part (none when it is missing)."""
    try:
        rels = archive.read(rels_path)
    except KeyError:
        return {}
    targets = {}
    for attrs in _RELATIONSHIP.findall(rels):
        found = dict(_ATTR.findall(attrs))
        target = found.get(b"Target", b"").decode("utf-8", "replace")
        targets[found.get(b"Id", b"").decode("utf-8", "replace")] = target.lstrip("/") if target.startswith("/") else base + target
    return targets


def _related_part(archive: zipfile.ZipFile, rels_path: str, base: str, kind: str) -> str | None:
    """The part a relationship of type …/kind points to, from a .rels part (None when there is none)."""
    try:
        rels = archive.read(rels_path)
    except KeyError:
        return None
    for attrs in _RELATIONSHIP.findall(rels):
        found = dict(_ATTR.findall(attrs))
        if found.get(b"Type", b"").decode("utf-8", "replace").rsplit("/", 1)[-1] != kind:
            continue
        target = found.get(b"Target", b"").decode("utf-8", "replace")
        return target.lstrip("/") if target.startswith("/") else (base + target)
    return None


def main_part(archive: zipfile.ZipFile) -> str | None:
    """The main document part: the package's officeDocument relationship, else word/document.xml."""
    names = set(archive.namelist())
    target = _related_part(archive, "_rels/.rels", "", "officeDocument")
    if target in names and target.startswith("word/"):
        return target
    return "word/document.xml" if "word/document.xml" in names else None


def _parse(path: str, archive: zipfile.ZipFile, part: str) -> Element:
    data = archive.read(part)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # no Word part declares a DTD: entity expansion refused
        raise RejectedInput(path, f"a DOCX whose part {part} declares a DTD (<!DOCTYPE>/<!ENTITY>), which no Word "
                            "document does; not read", "corrupt_file")
    return ElementTree.fromstring(data)


def read_docx(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of a Word document (see the module docstring)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = main_part(archive)
            if part is None:
                raise RejectedInput(path, "a DOCX without its main part (no word/document.xml): the file is damaged "
                                    "or not a Word document", "corrupt_file")
            root = _parse(path, archive, part)
            folder = part.rsplit("/", 1)[0] + "/"
            styles_part = _related_part(archive, f"{folder}_rels/{part.rsplit('/', 1)[-1]}.rels", folder, "styles")
            names = set(archive.namelist())
            styles_part = styles_part if styles_part in names else ("word/styles.xml" if "word/styles.xml" in names else None)
            styles = read_styles(_parse(path, archive, styles_part) if styles_part else None)
            body = w_child(root, "body")
            if body is None:
                raise RejectedInput(path, f"a DOCX whose {part} has no body (w:body): not a Word document's text",
                                    "corrupt_file")
            rels = _relationships(archive, f"{folder}_rels/{part.rsplit('/', 1)[-1]}.rels", folder)
            chunks = {key for node in body.iter() if w_name(node) == "altChunk"
                      for name, key in node.attrib.items() if name.endswith("}id")}
            related = {key: archive.read(rels[key]) for key in chunks if rels.get(key) in names}
            reader = _BodyReader(path, body, styles, related)
            reader.blocks(body)
            reader.out.flush()
    except RejectedInput:
        raise
    except ElementTree.ParseError as error:
        raise RejectedInput(path, f"a corrupt DOCX (a part is not well-formed XML: {error})", "corrupt_file") from error
    except RecursionError as error:
        raise RejectedInput(path, "a DOCX nested too deeply (tables in tables …) to be a report", "corrupt_file") from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        # a damaged member (bad CRC, truncated), an encrypted ZIP member, an unknown compression method
        raise RejectedInput(path, f"a corrupt DOCX ({type(error).__name__}: {error})", "corrupt_file") from error
    return tuple(reader.out.lines)
