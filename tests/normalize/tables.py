"""Hand-placed tables for the normaliser tests: rows of cells made numbered `Line`s of one page, a LocatedTable of
them (or of the rows of real pages), normalised for a department's budget; and the validator's item_sum/path_sum
templates run over a table's facts, as the rule engine runs them (no reader, no warehouse)."""

from __future__ import annotations

from pipelines.model import Line, LocatedTable, ReportMeta, TableResult
from pipelines.normalize import normalize_table
from pipelines.validate.engine import evaluate
from pipelines.validate.engine.context import Context, Fact, Row
from pipelines.validate.rules import load_rules
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


def template_rows(result: TableResult, table_kind: str, templates=("item_sum", "path_sum")) -> list[Row]:
    """The comparison rows the item_sum and path_sum templates (every rule of them: their params pick the rows)
    yield over the table's facts, read for one department's budget."""
    facts = [Fact(document_id="d", fact_seq=i, unit_id="u", scope="department", table_kind=table_kind, item=f.item,
                  measure=f.measure, amount=f.amount, source_line=f.source_line, source_page=f.source_page,
                  row_label=f.row_label, doc_unit_id="u", doc_scope="department", doc_stage="budget")
             for i, f in enumerate(result.facts)]
    return evaluate(Context(facts), tuple(r for r in load_rules() if r.template in templates))
