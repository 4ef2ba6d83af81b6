"""Turn a "page data" JSON (per page: the page's text, and the tables a PDF table extractor found
on it) into a text report the text reader takes: tab-separated cells per line, a form feed
between pages (pipelines/read/text.py).

The JSON shape is the one pdfplumber-based checkers freeze as test fixtures:
``{"page_texts": [str, ...], "page_tables": [[table, ...], ...]}`` where a table is a list of rows
and a row a list of cell strings. A page's text repeats its tables' cells joined by spaces, so the
table's lines are taken from the grid (cells kept apart) and only the page's other lines — title,
"编制部门/单位：元" line above, notes below — from the text. A line counts as table text when
the grid's cell fragments cover nearly all of it.

Usage: python tools/page_data_to_text.py PAGE_DATA.json OUT.txt
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_COVERED = 0.8  # share of a text line's characters found in the grid's cells: a table line
_NOTE = re.compile(r"^(注|说明|备注|\d{1,3}$)")


def _cell_text(cell: str | None) -> str:
    """A cell's text on one line: the extractor's line breaks inside a cell are wrapping."""
    return "".join((cell or "").split("\n")).strip()


def _fragments(tables: list) -> list[str]:
    parts = {
        piece
        for table in tables
        for row in table
        for cell in row
        for piece in re.split(r"\s+", cell or "")
        if piece
    }
    return sorted(parts, key=len, reverse=True)


def _is_table_line(line: str, fragments: list[str]) -> bool:
    text = re.sub(r"\s+", "", line)
    if not text:
        return False
    rest = text
    for piece in fragments:
        rest = rest.replace(piece, "")
    return len(rest) <= (1 - _COVERED) * len(text)


def page_lines(text: str, tables: list) -> list[str]:
    """The lines of one page: text above the tables, the tables' rows, text below."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    if not tables:
        return lines
    fragments = _fragments(tables)
    covered = [_is_table_line(line, fragments) for line in lines]
    if any(covered):
        first = covered.index(True)
        last = len(covered) - 1 - covered[::-1].index(True)
        above = [line for line, hit in zip(lines[:first], covered[:first]) if not hit]
        below = [line for line, hit in zip(lines[last + 1 :], covered[last + 1 :]) if not hit]
    else:  # a text without the table's lines: notes go below, the rest above
        above = [line for line in lines if not _NOTE.match(line)]
        below = [line for line in lines if _NOTE.match(line)]
    rows = [
        "\t".join(_cell_text(cell) for cell in row)
        for table in tables
        for row in table
        if any(_cell_text(cell) for cell in row)
    ]
    return above + rows + below


def convert(data: dict) -> str:
    texts = data.get("page_texts") or []
    tables = data.get("page_tables") or []
    pages = max(len(texts), len(tables))
    out = []
    for number in range(pages):
        text = texts[number] if number < len(texts) else ""
        grid = tables[number] if number < len(tables) else []
        out.append("\n".join(page_lines(text, grid)))
    return "\n\f".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    data = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    Path(argv[2]).write_text(convert(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
