"""read → locate → normalize for one file: the library entry point the CLI and Dagster share."""

from __future__ import annotations

from pathlib import Path

from pipelines.locate import detect_report_meta, locate_report
from pipelines.locate.narrative import find_claims
from pipelines.model import ExtractedReport, Finding
from pipelines.normalize import normalize_table
from pipelines.read import read_document


def extract_report(path: str | Path) -> ExtractedReport:
    """Everything one report yields; raises RejectedInput when it cannot be a report."""
    source, tables = locate_report(read_document(path))
    meta = detect_report_meta(source, tables)
    results = tuple(normalize_table(table, meta) for table in tables)
    findings: list[Finding] = []
    if meta.region is None:
        findings.append(Finding("region_unknown", "warning", f"no province/city found in {meta.unit_name!r}"))
    claims = tuple(find_claims(source.lines, tables, meta.stage))
    return ExtractedReport(source=source, meta=meta, tables=results, findings=tuple(findings), claims=claims)
