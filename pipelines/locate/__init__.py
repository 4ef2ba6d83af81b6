"""Locate: lines → the report's metadata and its standard tables, identified by title."""

from pipelines.locate.metadata import detect_report_meta
from pipelines.locate.tables import locate_tables

__all__ = ["detect_report_meta", "locate_tables"]
