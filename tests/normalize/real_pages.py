"""Tables of the real disclosures (../shared/real, read in place) handed to the normaliser as a
LocatedTable built from the rows of a page range, so a test of the normaliser does not depend on
table identification. Tests using it skip when the corpus is absent."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from pipelines.model import LocatedTable, ReportMeta, SourceDocument, TableResult
from pipelines.normalize import normalize_table

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"the real disclosures are not at {REAL}")


@lru_cache(maxsize=None)
def real_document(name: str) -> SourceDocument:
    from pipelines.read import read_document

    return read_document(REAL / name)


def real_table(name: str, first_line: int, last_line: int, kind: str, money_unit: str,
               year: int = 2026, stage: str = "budget") -> TableResult:
    """The table whose rows are the row lines ``first_line``..``last_line`` of a real file (line
    numbers as the reader gives them), normalised as ``kind``."""
    rows = tuple(line for line in real_document(name).lines
                 if first_line <= line.number <= last_line and line.is_row)
    assert rows, f"no rows in lines {first_line}-{last_line} of {name}"
    table = LocatedTable(kind=kind, title=kind, title_line=first_line - 1, printed_number=None,
                         money_unit=money_unit, rows=rows, notes=(), declared_empty=False)
    meta = ReportMeta(unit_name=name, unit_code=None, region=None, year=year, stage=stage,
                      scope="unit", money_unit=money_unit)
    return normalize_table(table, meta)
