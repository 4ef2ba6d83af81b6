"""Locate: lines → the report's metadata and its standard tables, identified by title."""

from dataclasses import replace

from pipelines.locate.metadata import detect_report_meta
from pipelines.locate.tables import locate_tables, paginate
from pipelines.model import LocatedTable, SourceDocument

__all__ = ["detect_report_meta", "locate_report", "locate_tables"]


def locate_report(source: SourceDocument) -> tuple[SourceDocument, list[LocatedTable]]:
    """Tables of a report, after giving each standard table its own page when the pages were
    inferred (text extractions without form feeds; paged formats and text with form feeds keep the
    pages they were printed on); returns the re-paged source with them."""
    first = locate_tables(source.lines)
    if source.pages_printed:
        return source, first
    lines = paginate(source.lines, first)
    if lines == source.lines:
        return source, first
    return replace(source, lines=lines), locate_tables(lines)
