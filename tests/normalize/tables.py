"""Hand-placed tables for the normaliser tests: rows of cells made numbered `Line`s of one page, a LocatedTable of
them (or of the rows of real pages), normalised for a department's budget; and the validator's item_sum/path_sum
templates run over a table's facts, as the SQL runs them (no reader, no warehouse)."""

from __future__ import annotations

import duckdb

from pipelines.model import Line, LocatedTable, ReportMeta, TableResult
from pipelines.normalize import normalize_table
from pipelines.validate.rules import load_rules, render_template
from tests.normalize.real_pages import real_document


def _table(kind: str, title: str | None, rows: tuple[Line, ...], money_unit: str) -> LocatedTable:
    return LocatedTable(kind=kind, title=title or kind, title_line=0, printed_number=None, money_unit=money_unit,
                        rows=rows, notes=(), declared_empty=False)


def located(rows, kind: str, page: int = 1, *, title: str | None = None, engine: str = "camelot-lattice",
            money_unit: str = "wan_yuan") -> LocatedTable:
    """Rows of cells as the lines 1, 2, … of ``page``, one table of ``kind`` (titled by its kind unless ``title``)."""
    lines = tuple(Line(number=i + 1, page=page, raw="\t".join(r), cells=tuple(r), engine=engine)
                  for i, r in enumerate(rows))
    return _table(kind, title, lines, money_unit)


def normalize(table: LocatedTable, unit_name: str = "某某局", *, year: int = 2026, scope: str = "department",
              units: frozenset[str] = frozenset()) -> TableResult:
    """The table read for the budget of ``unit_name`` (``units``: the units the report's other tables name)."""
    meta = ReportMeta(unit_name=unit_name, unit_code=None, region=None, year=year, stage="budget", scope=scope,
                      money_unit=table.money_unit)
    return normalize_table(table, meta, units)


def page_result(name: str, pages, kind: str, unit_name: str) -> TableResult:
    """The rows of real pages (one table), whatever the reader numbers its lines, read for the report's unit."""
    rows = tuple(line for line in real_document(name).lines if line.page in pages and line.is_row)
    return normalize(_table(kind, None, rows, "wan_yuan"), unit_name)


def template_rows(result: TableResult, table_kind: str, columns: str, where: str) -> list[tuple]:
    """``columns`` of the rows the item_sum and path_sum templates yield over the table's facts (every rule of the
    template: their params make the query's columns), those ``where`` holds."""
    con = duckdb.connect()
    con.execute("create temp table _facts (document_id varchar, fact_seq integer, unit_id varchar, scope varchar, "
                "table_kind varchar, func_code varchar, econ_code varchar, item varchar, measure varchar, "
                "amount decimal(20,6), source_line integer, source_page integer, row_label varchar)")
    con.executemany("insert into _facts values ('d', ?, 'u', 'department', ?, null, null, ?, ?, ?, ?, ?, ?)",
                    [(i, table_kind, f.item, f.measure, f.amount, f.source_line, f.source_page, f.row_label)
                     for i, f in enumerate(result.facts)])
    rules = load_rules()
    found = []
    for template in ("item_sum", "path_sum"):
        chosen = tuple(r for r in rules if r.template == template)
        found += con.execute(f"select {columns} from ({render_template(template, chosen)}) where {where}").fetchall()
    return found
