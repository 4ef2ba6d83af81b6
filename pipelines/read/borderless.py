"""Borderless tables rebuilt from the words pdfium places on a page.

A table printed without ruling lines is still a grid: its columns are the x-ranges that the
words of its body rows cover (a gap that no body word crosses separates two columns), its rows
are the lines that hold a number (an amount, a 行次 or a code). A label that wraps inside its cell
becomes text lines without a number; each joins the numbered line nearest to it (above when the
cell is top-aligned, around it when it is centred) unless it opens a row of its own ("其中：",
"（一）…", a code). Header words are read bottom-up: the 栏次 numbers and the column's own header
cells mark columns that are empty in the body; a word over several columns is a group label and is
placed over the leftmost of them, as a ruled table's merged cell is. A table's extent on the page
stops at titles, "单位：万元" / "公开02表" preambles and page furniture, which stay prose.

Settings (word gaps, line tolerance, how far a wrapped line may sit from its row) are data in
reference/pdf_reader.yaml. This module finds the tables on a page; their columns are found in
borderless_columns, their header rows built in borderless_header, their body rows in borderless_rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

import pypdfium2 as pdfium

from pipelines.normalize.amounts import is_decimal_amount, parse_amount
from pipelines.normalize.header import is_data_row
from pipelines.read.borderless_columns import body_columns
from pipelines.read.borderless_header import header_rows
from pipelines.read.borderless_rows import body_rows
from pipelines.read.glyphs import TextLine, Word, page_chars, text_lines
from pipelines.read.pages import Region
from pipelines.read.watermarks import is_watermark
from pipelines.reference import load_yaml

ENGINE = "pdfium-words"


@dataclass(frozen=True)
class BorderlessSettings:
    word_gap: float  # a horizontal gap wider than this × font size ends a word
    line_tolerance: float  # words whose centres differ by less than this × font size share a line
    column_gap: float  # body columns closer than this × font size are one column
    join_distance: float  # a wrapped line joins a numbered line at most this × font size away
    block_gap: float  # a vertical gap wider than this × font size ends a table
    max_header_lines: int
    header_gap: float  # a header line at most this × font size above the next table line
    min_numbers: int  # numbers (one with decimals at least) on lines holding more before a block is a table
    empty_marks: frozenset[str]
    boundary: re.Pattern  # lines that are never table rows (preambles, notes)
    row_start: re.Pattern  # a text line that opens a row of its own
    unit_after: re.Pattern  # a word after a number that makes it prose ("万元", "%")

    @classmethod
    def load(cls) -> BorderlessSettings:
        raw = load_yaml("pdf_reader.yaml")["borderless"]
        return cls(
            raw["word_gap"], raw["line_tolerance"], raw["column_gap"], raw["join_distance"], raw["block_gap"],
            raw["max_header_lines"], raw["header_gap"], raw["min_numbers"], frozenset(raw["empty_marks"]),
            re.compile("|".join(raw["boundary_patterns"])), re.compile("|".join(raw["row_start_patterns"])),
            re.compile(raw["unit_after_pattern"]),
        )



class BorderlessReader:
    def __init__(self, settings: BorderlessSettings | None = None):
        self.settings = settings or BorderlessSettings.load()

    def is_anchor(self, word: Word, following: Word | None) -> bool:
        """A number standing alone as a cell: prose names the unit after it ("1,527.08 万元")."""
        if word.text in self.settings.empty_marks:
            return True
        return parse_amount(word.text) is not None and not (following and self.settings.unit_after.match(following.text))

    def tables(self, page: pdfium.PdfPage) -> list[Region]:
        """The borderless tables on a page, top to bottom."""
        settings = self.settings
        # a watermark line ("仅供内部审核") printed between rows is no label to share out
        lines = [line for line in text_lines(page_chars(page), settings.line_tolerance, settings.word_gap)
                 if not is_watermark(line.text)]
        previous = None
        for line in lines:
            if settings.boundary.search(re.sub(r"\s+", "", line.text)) or _wraps_preamble(previous, line):
                line.kind = "boundary"
            elif anchors := [w for w, after in zip(line.words, line.words[1:] + [None]) if self.is_anchor(w, after)]:
                line.kind = "anchor"
                line.decimal = any(is_decimal_amount(word.text) for word in anchors)
                line.anchors = len(anchors)
            else:
                line.kind = "text"
            previous = line
        regions, block = [], []
        for line in lines + [TextLine([], 0.0, "boundary")]:
            far = block and line.words and block[-1].bottom - line.top > settings.block_gap * line.words[0].size
            if line.kind != "boundary" and not far:
                block.append(line)
                continue
            numbers = sum(c.anchors for c in block if len(c.words) > 1)
            # a table of counts has no decimal amount: two lines or more pairing labels with numbers
            # ("公务用车保有量（辆） 3"), unlike a table of contents (one page number a line)
            counts = sum(1 for c in block if c.kind == "anchor" and c.anchors >= 2 and c.anchors < len(c.words))
            if (any(c.decimal for c in block) or counts >= 2) and numbers >= settings.min_numbers:
                region = self._table(block)
                if region is not None:
                    regions.append(region)
            block = [line] if line.kind != "boundary" else []
        return regions

    def _table(self, block: list[TextLine]) -> Region | None:
        settings = self.settings
        size = median(word.size for line in block for word in line.words)
        start = next((i for i, line in enumerate(block) if is_data_row(tuple(w.text for w in line.words))), None)
        if start is None:
            return None
        end = max(i for i, line in enumerate(block) if line.kind == "anchor")
        header: list[TextLine] = []
        for line in reversed(block[max(0, start - settings.max_header_lines):start]):
            below = header[-1] if header else block[start]
            if line.bottom - below.top > settings.header_gap * size:
                break
            header.append(line)
        header.reverse()
        body = block[start:end + 1]
        for line in block[end + 1:]:  # a label wrapped below the last numbered row
            if line.kind != "text" or body[-1].bottom - line.top > settings.join_distance * size:
                break
            body.append(line)
        # dashes for "no value" are centred where amounts are right-aligned: they place no column
        columns = body_columns([w for line in body for w in line.words if w.text not in settings.empty_marks],
                           settings.column_gap * size)
        rows = header_rows(header, columns) + body_rows(body, columns, size, settings)
        lines = header + body
        top = max(line.top for line in lines)
        bottom = min(line.bottom for line in lines)
        return Region(top, bottom, columns[0][0], columns[-1][1], rows, ENGINE)


def _wraps_preamble(previous: TextLine | None, line: TextLine) -> bool:
    """A single word right below a preamble line and aligned with it ("单位：万" / "元")."""
    if previous is None or previous.kind != "boundary" or len(previous.words) != 1 or len(line.words) != 1:
        return False
    above, word = previous.words[0], line.words[0]
    return 0 <= above.bottom - word.top < word.size and abs(above.left - word.left) < 0.2 * word.size

