"""Render a text report as a Word (.docx) disclosure, the way a department's 预决算公开 document is
typed in Word or WPS 文字 (standard library only: the package is written as XML text).

    render_docx(text) -> (bytes, pages)        write_docx(text, path)

- The cover title sits in a text box (stored twice, as Word does: a DrawingML shape and its VML
  fallback); a template's hidden instruction (a character style with w:vanish) and a tracked
  deletion precede the body text.
- Prose: one paragraph per printed line, runs split where Word splits them (digits and Latin apart from
  Chinese, proofing marks and bookmarks between), headings as Heading styles, bold runs, list items as
  bullets drawn by numbering.xml (the bullet is not in the text).
- Each table block starts a new page (an explicit page break, or w:pageBreakBefore on its first
  paragraph), and Word's rendered break (w:lastRenderedPageBreak) follows at the top of the new page,
  as a document Word paginated and saved holds both. A table of ``WIDE_COLUMNS`` or more columns
  gets a landscape section (section breaks before and after it; a section break starts the page).
- Tables: thin borders, header rows repeated on each page (w:tblHeader), header spans as w:gridSpan
  and w:vMerge (text in the first cell), a rendered page break in the first cell of each row the text
  printed after a page break.
- A header with the report title and a footer with a PAGE field (read by no reader: not the body).

``pages`` is the number of printed pages the document's breaks make.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tools.render.blocks import Block, Cell, Paragraph, Table, Text, header_spans, parse_report
from tools.render.docx_parts import package_parts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"'
)
PORTRAIT = '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1247" w:bottom="1440" w:left="1247" w:header="851" w:footer="992" w:gutter="0"/>'
LANDSCAPE = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="851" w:footer="992" w:gutter="0"/>'
TEXT_WIDTH = {False: 9412, True: 14570}  # twips between the margins
_RUN_SPLIT = re.compile(r"([0-9A-Za-z.,%\-]+)")
HIDDEN_INSTRUCTION = "填报说明：本模板灰色提示文字打印前删除"


def _run(text: str, *, bold: bool = False, size: int = 21) -> str:
    props = '<w:rFonts w:hint="eastAsia"/>' + ("<w:b/><w:bCs/>" if bold else "") + f'<w:sz w:val="{size}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _runs(text: str, *, bold: bool = False, size: int = 21) -> str:
    """The text as Word stores it: Latin and digit runs apart from Chinese ones, a proofing mark between."""
    pieces = [piece for piece in _RUN_SPLIT.split(text) if piece]
    out = []
    for index, piece in enumerate(pieces):
        if index and index % 3 == 0:
            out.append('<w:proofErr w:type="gramStart"/>')
        out.append(_run(piece, bold=bold, size=size))
    return "".join(out)


def _paragraph(body: str, props: str = "") -> str:
    return f"<w:p><w:pPr>{props}</w:pPr>{body}</w:p>" if props else f"<w:p>{body}</w:p>"


def _text_box(text: str) -> str:
    """An empty paragraph holding a floating text box with the text (DrawingML and VML fallback)."""
    inner = _paragraph(_runs(text, bold=True, size=44), '<w:jc w:val="center"/>')
    choice = ('<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
              'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
              '<wp:positionH relativeFrom="page"><wp:align>center</wp:align></wp:positionH>'
              '<wp:positionV relativeFrom="page"><wp:posOffset>2400000</wp:posOffset></wp:positionV>'
              '<wp:extent cx="5400000" cy="1200000"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 1"/>'
              '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
              f'<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
              '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    fallback = (f'<w:pict><v:shape id="文本框 1" style="position:absolute;width:425pt;height:94pt">'
                f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict>')
    return _paragraph(f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice>'
                      f'<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>')


def _section(landscape: bool) -> str:
    refs = '<w:headerReference w:type="default" r:id="rIdHeader1"/><w:footerReference w:type="default" r:id="rIdFooter1"/>'
    return f"<w:sectPr>{refs}{LANDSCAPE if landscape else PORTRAIT}</w:sectPr>"


class _DocumentWriter:
    def __init__(self) -> None:
        self.body: list[str] = []
        self.pages = 1
        self.landscape = False
        self.rendered_break_due = False  # the next run written opens a new page Word paginated
        self.tables = 0

    def _first_run(self) -> str:
        if self.rendered_break_due:
            self.rendered_break_due = False
            return "<w:r><w:lastRenderedPageBreak/></w:r>"
        return ""

    def line(self, line: Text, props: str = "") -> None:
        size = {1: 32, 2: 28, 3: 24}.get(line.heading, 21)
        if line.heading:
            props = f'<w:pStyle w:val="Heading{min(line.heading, 3)}"/>' + props
        if line.bullet:
            props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        bookmark = f'<w:bookmarkStart w:id="{len(self.body)}" w:name="_Toc{len(self.body)}"/><w:bookmarkEnd w:id="{len(self.body)}"/>'
        body = self._first_run() + (bookmark if line.heading else "") + _runs(line.text, bold=line.bold, size=size)
        self.body.append(_paragraph(body, props))

    def new_page(self, landscape: bool) -> str:
        """Start a page for a table block; the paragraph properties its first paragraph needs."""
        self.pages += 1
        self.rendered_break_due = True
        if landscape != self.landscape:  # a section break starts the new page in the new orientation
            self.body.append(_paragraph("", _section(self.landscape)))
            self.landscape = landscape
            return ""
        self.tables += 1
        if self.tables % 2:
            self.body.append(_paragraph('<w:r><w:br w:type="page"/></w:r>'))
            return ""
        return "<w:pageBreakBefore/>"

    def table(self, table: Table) -> None:
        props = self.new_page(table.wide)
        title = table.title
        for line in table.preamble:
            if line.text == title:
                self.line(Text(line.text, bold=True), props + '<w:jc w:val="center"/>')
            else:
                self.line(line, props + ('<w:jc w:val="right"/>' if "单位" in line.text else ""))
            props = ""
        if not table.preamble:  # the break goes on an empty paragraph before the table
            self.body.append(_paragraph(self._first_run(), props))
        self.body.append(self._table_xml(table))

    def _table_xml(self, table: Table) -> str:
        grid = table.grid()
        width = len(grid[0]) if grid else 0
        column = TEXT_WIDTH[self.landscape] // max(width, 1)
        head = table.header_rows
        spans = header_spans(grid[:head])
        border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                         for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        rows = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
                f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
                "<w:tblGrid>" + f'<w:gridCol w:w="{column}"/>' * width + "</w:tblGrid>"]
        for r, row in enumerate(grid):
            cells = []
            due = r in table.breaks and r > 0  # the row the text printed after a page break
            for c, cell in enumerate(row):
                if r < head and spans[r][c] is None:
                    cells.append(self._covered(spans, r, c))
                    continue
                span = spans[r][c] if r < head else (1, 1)
                cells.append(self._cell(cell, column, span=span, header=r < head, page_break=due))
                due = False
            if r in table.breaks and r > 0:
                self.pages += 1
            trpr = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if r < head else "<w:trPr><w:cantSplit/></w:trPr>"
            rows.append(f"<w:tr>{trpr}{''.join(c for c in cells if c)}</w:tr>")
        rows.append("</w:tbl>")
        return "".join(rows)

    @staticmethod
    def _covered(spans: list, r: int, c: int) -> str:
        """A header position covered by a cell above (a w:vMerge continuation as wide as that cell, at
        its first column) or to the left (nothing: the cell's w:gridSpan covers it)."""
        for top in range(r, -1, -1):
            for left in range(c, -1, -1):
                span = spans[top][left]
                if span is not None and top + span[1] > r and left + span[0] > c:
                    if top == r or left != c:
                        return ""
                    grid_span = f'<w:gridSpan w:val="{span[0]}"/>' if span[0] > 1 else ""
                    return f"<w:tc><w:tcPr>{grid_span}<w:vMerge/></w:tcPr><w:p/></w:tc>"
        return ""

    @staticmethod
    def _cell(cell: Cell, column: int, *, span: tuple[int, int] = (1, 1), header: bool = False,
              page_break: bool = False) -> str:
        colspan, rowspan = span
        props = f'<w:tcW w:w="{column * colspan}" w:type="dxa"/>'
        props += f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
        props += '<w:vMerge w:val="restart"/>' if rowspan > 1 else ""
        props += '<w:vAlign w:val="center"/>'
        numeric = not header and cell.number is not None and not cell.is_code
        jc = "center" if header else ("right" if numeric else "left")
        body = ("<w:r><w:lastRenderedPageBreak/></w:r>" if page_break else "") + \
            (_runs(cell.text, bold=header or cell.bold, size=18) if cell.text else "")
        return f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr>{body}</w:p></w:tc>'

    def document(self) -> str:
        final = _section(self.landscape)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NAMESPACES}><w:body>'
                + "".join(self.body) + final + "</w:body></w:document>")


def render_blocks(blocks: list[Block]) -> tuple[str, int]:
    """document.xml of the blocks, and the pages its breaks make."""
    writer = _DocumentWriter()
    writer.body.append(_paragraph(_run(HIDDEN_INSTRUCTION).replace("<w:rPr>", '<w:rPr><w:rStyle w:val="TemplateHint"/>')))
    writer.body.append(_paragraph('<w:del w:id="0" w:author="编制人" w:date="2025-01-01T00:00:00Z"><w:r>'
                                  '<w:delText>（征求意见稿）</w:delText></w:r></w:del>'))
    first = True
    for block in blocks:
        if isinstance(block, Table):
            writer.table(block)
            continue
        for line in block.lines:
            if first:  # the cover title in a text box
                writer.body.append(_text_box(line.text))
                first = False
                continue
            writer.line(line)
    return writer.document(), writer.pages


def _part(root: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{root} {NAMESPACES}>{body}</w:{root}>'


def render_docx(text: str) -> tuple[bytes, int]:
    """A text report (like data/raw/*.txt) as a .docx file's bytes, and its printed pages."""
    blocks = parse_report(text)
    document, pages = render_blocks(blocks)
    title = next((b.lines[0].text for b in blocks if isinstance(b, Paragraph) and b.lines), "报告")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_parts(document, title, _part).items():
            archive.writestr(name, content)
    return buffer.getvalue(), pages


def write_docx(text: str, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(render_docx(text)[0])
    return path
