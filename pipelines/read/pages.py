"""Pages of a paged source (PDF, OCR) → the Line stream every later stage reads.

A page is a list of regions (a table's rows or a band of prose), each with its position and the
engine that read it. Regions are ordered top to bottom; a table that continues from the previous
page loses the header rows it repeats there, so the table reads as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.model import Line
from pipelines.normalize.amounts import parse_amount
from pipelines.read.watermarks import is_watermark
from pipelines.textnorm import compact, normalize_text

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[-—–\s]*$")


@dataclass(frozen=True)
class Region:
    """A rectangle of a page in PDF coordinates (y grows upwards) and the rows read from it."""

    top: float
    bottom: float
    left: float
    right: float
    rows: list[list[str]]  # a prose band: one cell per row
    engine: str

    @property
    def is_table(self) -> bool:
        return any(len(row) > 1 for row in self.rows)


@dataclass(frozen=True)
class PageContent:
    number: int
    kind: str  # ruled | unruled | prose | scanned | blank
    regions: list[Region]

    def ordered(self) -> list[Region]:
        return sorted(self.regions, key=lambda region: -region.top)


def header_rows(rows: list[list[str]]) -> list[tuple[str, ...]]:
    """The rows above the first row that holds an amount: a table's header."""
    header = []
    for row in rows:
        if any(parse_amount(cell) is not None and "." in cell for cell in row):
            break
        header.append(tuple(compact(cell) for cell in row))
    return header


def _is_page_furniture(region: Region) -> bool:
    return not region.is_table and all(_PAGE_NUMBER.match(row[0]) or is_watermark(row[0]) for row in region.rows)


def lines_from_pages(pages: list[PageContent]) -> tuple[Line, ...]:
    """Lines numbered in reading order; repeated headers of continued tables dropped."""
    lines: list[Line] = []
    open_header: list[tuple[str, ...]] = []  # header of the table the previous page ended with
    open_width = 0
    for page in pages:
        regions = [region for region in page.ordered() if not _is_page_furniture(region)]
        for position, region in enumerate(regions):
            rows = region.rows
            if region.is_table:
                width = max(len(row) for row in rows)
                continued = position == 0 and open_header and width == open_width
                if continued:
                    repeated = 0
                    for row, header in zip(rows, open_header):
                        if tuple(compact(cell) for cell in row) != header:
                            break
                        repeated += 1
                    rows = rows[repeated:]
                else:
                    open_header, open_width = header_rows(rows), width
            for row in rows:
                cells = tuple(normalize_text(cell) for cell in row)
                if not "".join(cells).strip():
                    continue
                lines.append(Line(number=len(lines) + 1, page=page.number, raw="\t".join(row), cells=cells,
                                  engine=region.engine))
        last = regions[-1] if regions else None
        if last is None or not last.is_table:
            open_header, open_width = [], 0
    return tuple(lines)
