"""extract_report: one table the normaliser fails on costs that table only."""

from pipelines import extract
from pipelines.normalize import normalize_table


def test_a_table_the_normaliser_fails_on_is_a_finding_not_a_lost_report(monkeypatch):
    def failing_on_income(table, meta, units=frozenset()):
        if table.kind == "income":
            raise ValueError("a layout nobody planned for")
        return normalize_table(table, meta, units)

    monkeypatch.setattr(extract, "normalize_table", failing_on_income)
    report = extract.extract_report("data/raw/haidong-shebao-bureau-2024-final.txt")
    by_kind = {t.table.kind: t for t in report.tables}
    assert by_kind["income"].layout == "unreadable" and not by_kind["income"].facts
    (finding,) = by_kind["income"].findings
    assert finding.check == "table_unreadable" and "a layout nobody planned for" in finding.detail
    assert len(by_kind["expenditure"].facts) == 46  # the report's other tables are read as before
