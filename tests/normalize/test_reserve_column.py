"""江苏 公开03表 支出预算表 prints 合计 | 基本支出 | 项目支出 | 单位预留机动经费 | 结转下年资金: the reserve column is measure
`reserve` (measures.yaml), a part of the 合计 in RS02 (rules.yaml)."""

from decimal import Decimal

from pipelines.model import Line, LocatedTable, ReportMeta
from pipelines.normalize import normalize_table
from tests.normalize.real_pages import needs_real

HEADER = ("合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金")


def test_the_reserve_column_is_measure_reserve():
    rows = (HEADER, ("10.00", "6.00", "3.00", "1.00", ""))
    lines = tuple(Line(number=i + 1, page=9, raw="\t".join(r), cells=r, engine="camelot") for i, r in enumerate(rows))
    located = LocatedTable(kind="expenditure", title="支出预算表", title_line=0, printed_number=None, money_unit="wan_yuan",
                           rows=lines, notes=(), declared_empty=False)
    meta = ReportMeta(unit_name="某局", unit_code=None, region=None, year=2019, stage="budget", scope="department",
                      money_unit="wan_yuan")
    result = normalize_table(located, meta)
    assert {f.measure: f.amount for f in result.facts} == {"total": 10, "basic": 6, "project": 3, "reserve": 1}
    assert not result.findings  # was: column_unmapped, its cells not loaded


@needs_real
def test_real_fayuan_p9_reserve_5011_40():
    """jiangsu-fayuan-2019-budget.pdf p9 公开03表 (checked by eye): 37,188.34 = 21,968.00 + 10,208.94 + 5,011.40."""
    from pipelines.extract import extract_report
    from tests.normalize.real_pages import REAL

    table = next(t for t in extract_report(REAL / "jiangsu-fayuan-2019-budget.pdf").tables if t.table.kind == "expenditure")
    amounts = {f.measure: f.amount for f in table.facts}
    assert amounts["reserve"] == Decimal("5011.40")
    assert amounts["total"] == amounts["basic"] + amounts["project"] + amounts["reserve"] == Decimal("37188.34")
