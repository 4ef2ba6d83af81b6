"""A located table's read quality: which engine read it and how many number-like cells parse.

A cell "looks like a number" when it has a digit and no CJK character (row numbers, codes and
amounts); it parses when it is a clean amount or code. OCR damage ("1.527,O8", "3O101") shows up
as cells that look numeric but do not parse, so the share is a direct read-quality signal.
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.model import LocatedTable, TableQuality
from pipelines.normalize.amounts import parse_amount
from pipelines.textnorm import compact

_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3400-\u9fff]")


def table_quality(table: LocatedTable) -> TableQuality:
    engines = Counter(line.engine for line in table.rows)
    looks = parsed = 0
    for line in table.rows:
        for cell in line.cells:
            text = compact(cell)
            if not _DIGIT.search(text) or _CJK.search(text):
                continue
            looks += 1
            parsed += parse_amount(text) is not None
    engine = engines.most_common(1)[0][0] if engines else "none"
    return TableQuality(engine, looks, parsed)
