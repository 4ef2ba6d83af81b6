"""read → locate → normalize for one file: the library entry point the CLI and Dagster share."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipelines.locate import detect_report_meta, locate_report
from pipelines.locate.narrative import find_claims
from pipelines.locate.titles import match_title
from pipelines.model import ExtractedReport, Finding, Line, LocatedTable, ReportMeta, SourceDocument, TableResult
from pipelines.normalize import normalize_table
from pipelines.normalize.quality import table_quality
from pipelines.read import read_document


def _normalize_or_report(table: LocatedTable, meta: ReportMeta, units: frozenset[str] = frozenset()) -> TableResult:
    """The table's facts; a layout the normaliser fails on costs that table only (a coverage gap with
    the error named), never the report's other tables."""
    try:
        return normalize_table(table, meta, units)
    except Exception as error:  # noqa: BLE001 — any failure of one table's layout is reported, not raised
        finding = Finding("table_unreadable", "error", f"{table.kind} table {table.title!r} could not be read: "
                          f"{type(error).__name__}: {error}; none of its cells are loaded",
                          table_kind=table.kind, source_line=table.title_line,
                          source_page=table.rows[0].page if table.rows else None)
        return TableResult(table, "unreadable", (), (finding,), table_quality(table))


def _meta_for(table: LocatedTable, meta: ReportMeta, tables: list[LocatedTable]) -> ReportMeta:
    """The metadata a table is read with: an OCR'd table whose 单位 line was unreadable takes the report's
    money unit only when every table that states one states the same (a report in 元 with its 三公 table in
    万元 leaves it unknown: amounts not loaded); the builder falls back to meta.money_unit."""
    if table.money_unit or not table.rows or not all(row.engine.startswith("ocr") for row in table.rows):
        return meta
    stated = {t.money_unit for t in tables if t.money_unit}
    return meta if len(stated) == 1 else replace(meta, money_unit=None)


def _unit_findings(result: TableResult, meta: ReportMeta) -> TableResult:
    """An OCR'd table read in the report's money unit says so (info money_unit_from_report)."""
    table = result.table
    if table.money_unit or not result.facts or result.facts[0].extraction != "ocr-tesseract":
        return result
    finding = Finding("money_unit_from_report", "info", f"the scanned table's 单位 line was not read; its amounts "
                      f"are in the unit every other table of the report states ({meta.money_unit})",
                      table_kind=table.kind, source_line=table.title_line,
                      source_page=table.rows[0].page if table.rows else None, observed=meta.money_unit)
    return replace(result, findings=result.findings + (finding,))


def _title_findings(result: TableResult, lines: dict[int, Line]) -> TableResult:
    """An OCR'd title identified by similarity, not exactly, says so (info title_fuzzy: the text read, the
    title matched, the score; the threshold is pdf_reader.yaml `ocr.title_fuzzy_min_ratio`)."""
    table = result.table
    line = lines.get(table.title_line)
    if line is None or not line.engine.startswith("ocr"):
        return result
    match = match_title(table.title, ocr=True)
    if match is None or match.score >= 1.0:
        return result
    finding = Finding("title_fuzzy", "info", f"the scanned title {table.title!r} names no table exactly; identified "
                      f"as {match.alias!r} ({match.kind}) by similarity {match.score:.3f} (pdf_reader.yaml "
                      f"ocr.title_fuzzy_min_ratio)", table_kind=table.kind,
                      source_line=table.title_line, source_page=line.page, expected=match.alias, observed=table.title)
    return replace(result, findings=result.findings + (finding,))


def extract_report(path: str | Path) -> ExtractedReport:
    """Everything one report yields; raises RejectedInput when it cannot be a report."""
    source, tables = locate_report(read_document(path))
    return extract_located(source, tables, detect_report_meta(source, tables))


def extract_located(source: SourceDocument, tables: list[LocatedTable], meta: ReportMeta) -> ExtractedReport:
    """The normalize stage of a located report: facts, findings and narrative claims (what
    `extract_report` returns; Dagster's `report_facts` asset calls this after its locate stage)."""
    results = [_normalize_or_report(table, _meta_for(table, meta, tables)) for table in tables]
    # a line list (项目支出表) names units by name only: read again knowing the units its other tables are keyed by
    units = frozenset(f.unit_name for result in results if result.layout != "line_list" for f in result.facts if f.unit_name)
    results = tuple(_normalize_or_report(table, _meta_for(table, meta, tables), units) if result.layout == "line_list" and units else result
                    for table, result in zip(tables, results))
    lines = {line.number: line for line in source.lines}
    results = tuple(_title_findings(_unit_findings(result, meta), lines) for result in results)
    findings: list[Finding] = []
    if meta.region is None:
        findings.append(Finding("region_unknown", "warning", f"no province/city found in {meta.unit_name!r}"))
    claims = tuple(find_claims(source.lines, tables, meta.stage))
    return ExtractedReport(source=source, meta=meta, tables=results, findings=tuple(findings), claims=claims)
