"""Errors that reject one input file; each names the file and the reason."""

from __future__ import annotations


class RejectedInput(Exception):
    """The file cannot become a report; nothing of it is loaded, the file stays in place."""

    def __init__(self, path: str, reason: str, code: str = "rejected") -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.code = code

    def __reduce__(self):
        # rebuilt as the base class with the same path, reason and code (crosses process pools)
        return (RejectedInput, (self.path, self.reason, self.code))


class EmptyFile(RejectedInput):
    def __init__(self, path: str) -> None:
        super().__init__(path, "the file is empty (0 bytes)", "empty_file")


class BinaryFile(RejectedInput):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, f"not a text report: {detail}", "binary_file")


class UnsupportedFormat(RejectedInput):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, detail, "unsupported_format")


class NotAReport(RejectedInput):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, f"not a budget/final-account report: {detail}", "not_a_report")


class NarrativePart(RejectedInput):
    """The narrative half of a report published as two files (情况说明 text + 报表 tables): its unit,
    year and stage are read, but it has no table of its own to load.

    Not a rejection in the warehouse: `pipelines.load.parts` records it (status ``narrative_part``)
    with its ``meta``, its ``source`` (without lines) and the narrative ``claims``, and checks the
    claims against the tables document of the same unit, year and stage once that is loaded."""

    def __init__(self, path: str, unit_name: str, year: int, stage: str,
                 meta=None, source=None, claims: tuple = ()) -> None:
        super().__init__(path, f"narrative part of the {year} {stage} report of {unit_name}, waiting for its "
                         "tables (no standard budget/final-account table in this file)", "narrative_part")
        self.unit_name, self.year, self.stage = unit_name, year, stage
        self.meta, self.source, self.claims = meta, source, tuple(claims)  # ReportMeta, SourceDocument, Claims

    def __reduce__(self):
        # rebuilt with its metadata and claims (crosses process pools)
        return (NarrativePart, (self.path, self.unit_name, self.year, self.stage, self.meta, self.source, self.claims))
