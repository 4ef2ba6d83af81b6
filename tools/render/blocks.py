"""Parse a text report (a UTF-8 text extraction like data/raw/*.txt) into blocks a renderer lays out.

A text report holds prose lines and table rows (TAB-separated cells; a merged header cell is a
cell followed by empty cells), with blank lines between paragraphs and at page breaks. The blocks:

- ``Paragraph``: consecutive prose lines (no blank line between them);
- ``Table``: a run of rows (blank lines between rows are page breaks inside the table), with the
  short prose lines printed just before it (its preamble: 表号, title, 单位：万元, the unit's
  name, the year) and its title when the preamble names one.

The order of every printed line is kept: a renderer that prints the blocks in order prints the
report's lines in the order of the text. Extraction marks (``<b>``, ``**``, ``#`` headings, ``- ``
bullets) become formatting (bold, heading level, list item) instead of text.

This module knows nothing of the pipeline (it must not: the renderings test the readers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

_BOLD = re.compile(r"</?b>|\*\*|__", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s*")
_BULLET = re.compile(r"^[-•·]\s+")
_NUMBER = re.compile(r"^(-?)((?:\d{1,3}(?:,\d{3})+)|\d+)(?:\.(\d+))?(%?)$")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_YEAR_SUFFIX = re.compile(r"[(（]?\d{2,4}年度?[)）]?$")
_NUMBER_LABEL = re.compile(r"^(?:部门公开表|预算公开表|公开|附表|表)?\d{1,2}(?:表)?$")
_SENTENCE_END = ("。", "；", ";")

PREAMBLE_MAX_CHARS = 40  # a preamble line is short: "公开01表", "金额单位：万元", a title
PREAMBLE_MAX_LINES = 6
HEADER_SCAN_ROWS = 5  # header rows are looked for among a table's first rows
WIDE_COLUMNS = 8  # a table this wide is printed on a landscape page


@dataclass(frozen=True)
class Text:
    """One printed prose line, without extraction marks."""

    text: str
    bold: bool = False
    heading: int = 0  # markdown heading level (## → 2), 0 for body text
    bullet: bool = False  # printed as a list item ("- 一、主要职能")


@dataclass(frozen=True)
class Number:
    """A cell that holds a number as printed: value, decimals, thousands separators, percent."""

    value: Decimal  # the printed value (a percent as printed: "99.98%" → 99.98)
    decimals: int
    thousands: bool
    percent: bool

    @property
    def fraction(self) -> Decimal:
        """The value a spreadsheet stores (a percent as a fraction)."""
        return self.value / 100 if self.percent else self.value


@dataclass(frozen=True)
class Cell:
    text: str  # without extraction marks, outer spaces stripped
    bold: bool = False

    @property
    def number(self) -> Number | None:
        return parse_number(self.text)

    @property
    def is_code(self) -> bool:
        """Digits that are a classification code or a similar key (kept as text in spreadsheets)."""
        return self.text.isdigit() and (len(self.text) >= 3 or (len(self.text) > 1 and self.text[0] == "0"))


@dataclass
class Paragraph:
    lines: list[Text]


@dataclass
class Table:
    rows: list[list[Cell]]
    preamble: list[Text] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)  # row indexes printed after a page break

    @property
    def title(self) -> str | None:
        """The preamble line naming the table (ends in 表), or None for a table without its own title."""
        for line in self.preamble:
            key = re.sub(r"\s+", "", line.text)
            key = _YEAR_SUFFIX.sub("", key)
            if key.endswith("表") and not _NUMBER_LABEL.match(key) and not _PART_HEADING.match(key):
                return line.text
        return None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    @property
    def wide(self) -> bool:
        return self.width >= WIDE_COLUMNS

    @property
    def header_rows(self) -> int:
        """Rows above the first row that holds a number, among the first rows (one when none does)."""
        for index, row in enumerate(self.rows[:HEADER_SCAN_ROWS]):
            if any(cell.number is not None for cell in row):
                return index
        return 1 if len(self.rows) > 1 else 0

    def grid(self) -> list[list[Cell]]:
        """The rows padded with empty cells to the table's width (a rectangle)."""
        width = self.width
        return [row + [Cell("")] * (width - len(row)) for row in self.rows]


Block = Paragraph | Table


def parse_number(text: str) -> Number | None:
    """"1,527.08" → Number(1527.08, 2 decimals, separators); "99.98%" → a percent; else None."""
    found = _NUMBER.match(text.strip())
    if not found:
        return None
    sign, digits, decimals, percent = found.groups()
    value = Decimal(sign + digits.replace(",", "") + ("." + decimals if decimals else ""))
    return Number(value, len(decimals or ""), "," in digits, bool(percent))


def clean(text: str) -> tuple[str, bool]:
    """A cell or line without extraction marks, and whether it was printed bold."""
    bold = bool(_BOLD.search(text))
    return _BOLD.sub("", text).strip(), bold


def prose_line(raw: str) -> Text:
    text = raw.strip()
    heading = 0
    found = _HEADING.match(text)
    if found:
        heading = len(found.group(1))
        text = text[found.end():]
    bullet = bool(_BULLET.match(text))
    if bullet:
        text = _BULLET.sub("", text, count=1)
    text, bold = clean(text)
    return Text(text, bold, heading, bullet)


def _is_preamble(line: Text) -> bool:
    text = line.text
    return (
        0 < len(text) <= PREAMBLE_MAX_CHARS
        and not text.endswith(_SENTENCE_END)
        and not _PART_HEADING.match(text)
        and not text.startswith("注")
    )


def is_part_heading(line: Text) -> bool:
    return bool(_PART_HEADING.match(line.text))


def parse_report(text: str) -> list[Block]:
    """The blocks of a text report, in printed order."""
    blocks: list[Block] = []
    paragraph: list[Text] = []
    table: Table | None = None
    pending_break = False

    def close_paragraph() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append(Paragraph(paragraph))
            paragraph = []

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n"):
        if not raw.replace("\t", "").strip():
            close_paragraph()
            pending_break = table is not None
            continue
        if "\t" in raw:
            close_paragraph()
            cells = [Cell(*clean(cell)) for cell in raw.split("\t")]
            if table is None:
                table = Table([], preamble=_take_preamble(blocks))
                blocks.append(table)
            elif pending_break:
                table.breaks.add(len(table.rows))
            table.rows.append(cells)
            pending_break = False
            continue
        table = None
        pending_break = False
        paragraph.append(prose_line(raw))
    close_paragraph()
    return blocks


def _take_preamble(blocks: list[Block]) -> list[Text]:
    """Move the short prose lines printed just before a table (up to PREAMBLE_MAX_LINES) into its preamble."""
    taken: list[Text] = []
    while blocks and isinstance(blocks[-1], Paragraph) and len(taken) < PREAMBLE_MAX_LINES:
        lines = blocks[-1].lines
        while lines and _is_preamble(lines[-1]) and len(taken) < PREAMBLE_MAX_LINES:
            taken.insert(0, lines.pop())
        if lines:
            break
        blocks.pop()
    return taken


def header_spans(rows: list[list[Cell]]) -> list[list[tuple[int, int] | None]]:
    """Layout of header rows as (row, col) → (colspan, rowspan) for the cell printed there, or None
    where a cell above or to the left covers the position.

    A header cell followed by empty cells spans them (colspan) unless a cell above already covers
    them; a header cell above empty cells spans down (rowspan) while every column it covers is
    empty below. Empty cells not covered stay single cells. Reading the layout back (top-left
    value, covered positions empty) gives the rows again.
    """
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    texts = [[(row[c].text if c < len(row) else "") for c in range(width)] for row in rows]
    covered = [[False] * width for _ in range(height)]
    layout: list[list[tuple[int, int] | None]] = [[None] * width for _ in range(height)]
    for r in range(height):
        for c in range(width):
            if covered[r][c]:
                continue
            colspan = rowspan = 1
            if texts[r][c]:
                while c + colspan < width and not texts[r][c + colspan] and not covered[r][c + colspan]:
                    colspan += 1
                while r + rowspan < height and all(
                    not texts[r + rowspan][k] and not covered[r + rowspan][k] for k in range(c, c + colspan)
                ):
                    rowspan += 1
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    covered[rr][cc] = True
            layout[r][c] = (colspan, rowspan)
    return layout
