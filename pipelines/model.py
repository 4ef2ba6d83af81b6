"""The things that flow through the pipeline, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Line:
    """One line of a report: its position in the file, its page and its cells."""

    number: int  # 1-based line number in the source file
    page: int  # 1-based page, inferred from page-break evidence
    raw: str  # the line exactly as read (lineage)
    cells: tuple[str, ...]  # cleaned cells (marks removed, NFKC+radical-normalised)
    engine: str = "text"  # what read it: text | pdfium-lattice (ruled, native) | camelot-lattice (ruled, fallback) | pdfium-words | pdfium-text | ocr-tesseract | …

    @property
    def is_row(self) -> bool:
        return len(self.cells) > 1

    @property
    def text(self) -> str:
        return "".join(self.cells).strip()


@dataclass(frozen=True)
class SourceDocument:
    """A report read from disk: identity, bytes-level facts and its lines."""

    path: str
    file_name: str
    sha256: str
    size_bytes: int
    source_format: str  # text | pdf | xlsx | xls | html | docx | mhtml: the reader pipelines.read.dispatch chose from the bytes
    lines: tuple[Line, ...]
    page_count: int | None = None  # set when the lines were dropped (reports sent between processes)
    pages_printed: bool = True  # False for a text extraction without form feeds: its pages are inferred

    @property
    def pages(self) -> int:
        if self.page_count is not None:
            return self.page_count
        return max((line.page for line in self.lines), default=0)

    @property
    def document_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class ReportMeta:
    """What the report says about itself (unit, year, stage, scope, money unit)."""

    unit_name: str
    unit_code: str | None
    region: str | None
    year: int
    stage: str  # budget | final
    scope: str  # unit | department | department_total
    money_unit: str | None  # wan_yuan | yuan | None when the report never says


@dataclass(frozen=True)
class LocatedTable:
    """A standard table found in a report: its kind, title line and rows."""

    kind: str
    title: str
    title_line: int
    printed_number: str | None
    money_unit: str | None
    rows: tuple[Line, ...]
    notes: tuple[str, ...]
    declared_empty: bool
    first_line: int = 0  # first preamble line ("表1", "单位：万元") or the title: where the table's page starts
    rows_read: int | None = None  # set when the rows were dropped (reports sent between processes)

    @property
    def row_count(self) -> int:
        return self.rows_read if self.rows_read is not None else len(self.rows)


@dataclass(frozen=True)
class Fact:
    """One published number with canonical keys and its lineage."""

    table_kind: str
    measure: str
    amount: Decimal  # in 万元 (or a count), exact
    unit_of_measure: str  # wan_yuan | count
    source_text: str
    source_line: int
    source_col: int
    source_page: int
    func_code: str | None = None
    econ_code: str | None = None
    item: str | None = None
    unit_name: str | None = None  # None: the document's own unit
    unit_code: str | None = None
    scope: str | None = None  # None: the document's scope
    row_label: str = ""
    original_unit: str = "wan_yuan"
    extraction: str = "text"  # the engine that read the cell (Line.engine); ocr-tesseract flags a scan
    gov_econ_code: str | None = None  # 政府预算支出经济分类 (5xx) where a row is keyed by it too (Beijing 预算03表)
    line_label: str | None = None  # the printed path that keys a row with no code of its own (政府采购 lines), else None


@dataclass(frozen=True)
class Finding:
    """Something a reader of the report must know: a repair, a gap, a broken rule."""

    check: str
    severity: str  # error | warning | info
    detail: str
    table_kind: str | None = None
    source_line: int | None = None
    source_page: int | None = None
    row_label: str | None = None
    expected: str | None = None
    observed: str | None = None


@dataclass(frozen=True)
class TableQuality:
    """How cleanly a table was read: its engine and the share of number-like cells that parse."""

    engine: str  # the engine that read most of its rows
    numeric_cells: int  # cells that look like a number (digits, no CJK)
    numeric_parsed: int  # of those, the ones that parse as an amount
    amount_cells: int | None = None  # cells printing an amount (pipelines.load.coverage), counted before rows are dropped

    @property
    def score(self) -> float | None:
        return round(self.numeric_parsed / self.numeric_cells, 4) if self.numeric_cells else None


@dataclass(frozen=True)
class TableResult:
    """What the normaliser made of one located table."""

    table: LocatedTable
    layout: str
    facts: tuple[Fact, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    quality: TableQuality | None = None

    @property
    def status(self) -> str:
        if self.layout == "not_extracted":
            return "not_extracted"
        if not self.facts:
            return "empty"
        if self.table.declared_empty and all(f.amount == 0 for f in self.facts):
            return "empty"
        return "loaded"


@dataclass(frozen=True)
class ExtractedReport:
    """A whole report after read → locate → normalize, ready to load."""

    source: SourceDocument
    meta: ReportMeta
    tables: tuple[TableResult, ...]
    findings: tuple[Finding, ...]
    claims: tuple = ()  # narrative Claims (pipelines.locate.narrative)

    @property
    def facts(self) -> list[Fact]:
        return [fact for table in self.tables for fact in table.facts]

    @property
    def all_findings(self) -> list[Finding]:
        return list(self.findings) + [f for t in self.tables for f in t.findings]
