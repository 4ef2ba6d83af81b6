"""Reader for saved HTML pages of reports: every <table> row becomes a table row, the text around
the tables prose lines (the standard library's html.parser; no lxml needed).

- A table's cells are laid out on the HTML grid: a cell with colspan=N is followed by N-1 empty
  cells, a cell with rowspan=N leaves empty cells in the N-1 rows below (the value sits in the
  top-left position, like a merged header in the text format); every row of a table is padded to
  the table's width. <thead> rows come first and <tfoot> rows last, as a browser prints them.
  A <caption> is a prose line before its table. Rows without any text are skipped; a one-column
  table is prose.
- A table that frames other tables is page layout (old government sites frame the page in one):
  its cells are read as flowing content and the tables inside them as tables; a data table with a
  small table in one cell stays a data table (see ``_is_layout``).
- Text outside tables: each block element (<p>, <div>, <h1>–<h6>, <li>, …) and each <br> ends a
  line; whitespace runs collapse to one space, as a browser shows them; <script>, <style>, the
  <head> and elements hidden with ``display:none`` or ``hidden`` are not read. Inside a cell, the
  lines of a <br> or a block element are joined (nothing between two CJK characters, else a space).
- Pages: an element styled ``page-break-before: always`` / ``break-before: page`` (or ``…-after``)
  starts a new page, as when the page is printed; otherwise everything is page 1.
- Encoding: a BOM, else the declared ``<meta charset>`` (gb2312/gbk read as GB18030), else UTF-8,
  else GB18030.

``number`` is the line's running ordinal in the page's reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pipelines.errors import RejectedInput
from pipelines.model import Line
from pipelines.read.watermarks import is_watermark
from pipelines.textnorm import normalize_text

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP = frozenset("script style template noscript head title iframe object svg math select textarea button".split())
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary ul "
    "caption table tbody thead tfoot tr td th".split()
)
_HEAD_CONTENT = frozenset("head title meta link style script base noscript template".split())
_CLOSES_P = _BLOCK - frozenset("td th tr tbody thead tfoot caption body html li dd dt".split())
_SCOPE = frozenset("table td th caption html body template".split())
_BREAK_BEFORE = re.compile(r"(?:page-break-before\s*:\s*always|break-before\s*:\s*(?:page|always|left|right|recto|verso))", re.I)
_BREAK_AFTER = re.compile(r"(?:page-break-after\s*:\s*always|break-after\s*:\s*(?:page|always|left|right|recto|verso))", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)

    @property
    def style(self) -> str:
        return self.attrs.get("style", "")

    def hidden(self) -> bool:
        return "hidden" in self.attrs or bool(_HIDDEN.search(self.style))

    def contains(self, tag: str) -> bool:
        return any(isinstance(c, Node) and (c.tag == tag or c.contains(tag)) for c in self.children)


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: implied end tags for p, li, td/th, tr and table sections, as browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def _close_until(self, tags: frozenset[str] | set[str], stop: frozenset[str] | set[str], *,
                     innermost: bool = False) -> None:
        """Close the outermost (an implied end) or innermost (an end tag) open element named in tags,
        looking no further down the open elements than a stop element."""
        found = None
        for index in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[index].tag
            if tag in tags:
                found = index
                if innermost:
                    break
            elif tag in stop:
                break
        if found is not None:
            del self.stack[found:]

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag not in _HEAD_CONTENT and any(n.tag == "head" for n in self.stack):
            self._close_until({"head"}, set())  # the body starts without </head><body>
        if tag in _CLOSES_P:
            self._close_until({"p"}, _SCOPE)
        if tag == "li":
            self._close_until({"li"}, _SCOPE | {"ul", "ol"})
        elif tag in ("dt", "dd"):
            self._close_until({"dt", "dd"}, _SCOPE | {"dl"})
        elif tag in ("td", "th"):
            self._close_until({"td", "th"}, {"tr", "table"})
        elif tag == "tr":
            self._close_until({"tr"}, {"table"})
        elif tag in ("thead", "tbody", "tfoot"):
            self._close_until({"td", "th", "tr", "thead", "tbody", "tfoot"}, {"table"})
        node = Node(tag, attributes)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            if tag == "br":  # </br> is a <br> for browsers
                self.stack[-1].children.append(Node("br"))
            return
        if tag in ("td", "th", "tr", "thead", "tbody", "tfoot", "caption"):
            stop: frozenset[str] | set[str] = {"table"}
        elif tag == "table":
            stop = set()
        else:
            stop = _SCOPE  # a stray end tag inside a cell does not close what is outside the table
        self._close_until({tag}, stop, innermost=True)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def decode_html(path: str, data: bytes) -> str:
    """The page's text: BOM, declared charset, UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if name in _GB else name
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise RejectedInput(path, "an HTML page in an unknown text encoding (neither UTF-8 nor GB18030)", "wrong_encoding")


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def _join(parts: list[str]) -> str:
    joined = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if joined and not (_CJK.match(joined[-1]) and _CJK.match(part[0])):
            joined += " "
        joined += part
    return joined


def cell_text(node: Node) -> str:
    """A cell's text: its lines (<br>, block elements) joined, whitespace collapsed."""
    lines: list[str] = [""]

    def walk(item: Node | str) -> None:
        if isinstance(item, str):
            lines[-1] += item
            return
        if item.tag in _SKIP or item.hidden():
            return
        if item.tag == "br" or item.tag in _BLOCK:
            lines.append("")
        for child in item.children:
            walk(child)
        if item.tag in _BLOCK:
            lines.append("")

    for child in node.children:
        walk(child)
    return _join([_SPACES.sub(" ", line) for line in lines])


def _rows_of(table: Node) -> list[Node]:
    """The table's <tr>s as printed: <thead> rows, body rows, <tfoot> rows (nested tables excluded)."""
    head: list[Node] = []
    body: list[Node] = []
    foot: list[Node] = []

    def collect(node: Node, target: list[Node]) -> None:
        for child in node.children:
            if not isinstance(child, Node) or child.tag == "table":
                continue
            if child.tag == "tr":
                target.append(child)
            elif child.tag == "thead":
                collect(child, head)
            elif child.tag == "tfoot":
                collect(child, foot)
            else:
                collect(child, target)

    collect(table, body)
    return head + body + foot


def _cells_of(row: Node) -> list[Node]:
    found: list[Node] = []
    for child in row.children:
        if isinstance(child, Node) and child.tag in ("td", "th"):
            found.append(child)
        elif isinstance(child, Node) and child.tag != "tr" and child.tag != "table":
            found.extend(_cells_of(child))  # cells wrapped in <form> or other stray elements
    return found


def _span(node: Node, name: str) -> int:
    try:
        value = int(re.sub(r"[^\d].*$", "", node.attrs.get(name, "1").strip()) or 1)
    except ValueError:
        return 1
    return min(max(value, 1), 1000)


def table_grid(table: Node) -> list[list[str]]:
    """The table as a rectangle of cell texts: spans expanded to empty cells, rows padded."""
    rows = [r for r in _rows_of(table) if not r.hidden()]
    placed: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        column = 0
        for cell in _cells_of(row):
            if cell.hidden():
                continue
            while (r, column) in placed:
                column += 1
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            rowspan = min(rowspan, len(rows) - r)
            for rr in range(r, r + rowspan):
                for cc in range(column, column + colspan):
                    placed[(rr, cc)] = ""
            placed[(r, column)] = cell_text(cell)
            column += colspan
    width = max((c + 1 for (_, c) in placed), default=0)
    return [[placed.get((r, c), "") for c in range(width)] for r in range(len(rows))]


class _LineWriter:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.page = 1
        self.break_pending = False
        self.buffer: list[str] = []

    def page_break(self) -> None:
        self.flush()
        if self.lines:
            self.break_pending = True

    def _emit(self, raw: str, cells: tuple[str, ...]) -> None:
        if self.break_pending:
            self.page += 1
            self.break_pending = False
        self.lines.append(Line(number=len(self.lines) + 1, page=self.page, raw=raw, cells=cells, engine="html"))

    def text(self, text: str) -> None:
        self.buffer.append(text)

    def flush(self) -> None:
        raw = _SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer.clear()
        if not raw:
            return
        cell = normalize_text(raw)
        if cell and not is_watermark(cell):
            self._emit(raw, (cell,))

    def table(self, grid: list[list[str]]) -> None:
        self.flush()
        width = max((len(row) for row in grid), default=0)
        for row in grid:
            if not any(c.strip() for c in row):
                continue
            if width < 2:
                self.text(row[0])
                self.flush()
                continue
            self._emit("\t".join(row), tuple(normalize_text(c) for c in row))


def _walk(node: Node, out: _LineWriter, *, pre: bool = False) -> None:
    for child in node.children:
        if isinstance(child, str):
            if pre:
                parts = child.split("\n")
                for index, part in enumerate(parts):
                    if index:
                        out.flush()
                    out.text(part)
            else:
                out.text(child)
            continue
        tag = child.tag
        if tag in _SKIP or child.hidden():
            continue
        if _BREAK_BEFORE.search(child.style):
            out.page_break()
        if tag == "br":
            out.flush()
        elif tag == "table":
            captions = [c for c in child.children if isinstance(c, Node) and c.tag == "caption"]
            for caption in captions:
                out.flush()
                out.text(cell_text(caption))
                out.flush()
            if _is_layout(child):
                _walk_layout_table(child, out)
            else:
                out.table(table_grid(child))
        elif tag in _BLOCK:
            out.flush()
            _walk(child, out, pre=pre or tag == "pre")
            out.flush()
        else:
            _walk(child, out, pre=pre)
        if _BREAK_AFTER.search(child.style):
            out.page_break()


def _text_length(node: Node | str) -> int:
    if isinstance(node, str):
        return len(node.strip())
    if node.tag in _SKIP:
        return 0
    return sum(_text_length(child) for child in node.children)


def _nested_tables(node: Node) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            found.extend([child] if child.tag == "table" else _nested_tables(child))
    return found


def _is_layout(table: Node) -> bool:
    """A table that frames other tables (page layout), not a table of data: it holds tables and is
    small (≤ 3 rows or one column) or most of its text is in the tables it holds. A data table with
    a small table in one cell stays a data table (the inner table's text is that cell's text)."""
    inner = _nested_tables(table)
    if not inner:
        return False
    rows = _rows_of(table)
    if len(rows) <= 3 or max((len(_cells_of(r)) for r in rows), default=0) <= 1:
        return True
    return 2 * sum(_text_length(t) for t in inner) >= _text_length(table)


def _walk_layout_table(table: Node, out: _LineWriter) -> None:
    """A table used for page layout: each cell's content in reading order, as flowing content."""
    for row in _rows_of(table):
        for cell in _cells_of(row):
            if cell.hidden():
                continue
            out.flush()
            _walk(cell, out)
            out.flush()


def read_html(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of a saved HTML page (see the module docstring)."""
    root = parse_html(decode_html(path, data))
    out = _LineWriter()
    _walk(root, out)
    out.flush()
    return tuple(out.lines)
