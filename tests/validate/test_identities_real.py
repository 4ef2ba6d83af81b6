"""Identities as real budgets print them, on real files (../shared/real, read in place): the two-sided
收支总表 of 深圳 (一、财政拨款 over its funds) and 西安's 表5 (基本支出 printed as 人员经费 + 公用经费)."""

from pathlib import Path

import pytest

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.runner import validate_documents

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the project")


@pytest.fixture(scope="module")
def shenzhen(tmp_path_factory):
    con = connect(tmp_path_factory.mktemp("szczj") / "w.duckdb")
    ingest_file(con, REAL / "guangdong-szczj-2026-budget.pdf")
    validate_documents(con)
    yield con
    con.close()


def _checks(con, rule: str, kind: str) -> list[tuple]:
    return con.execute("select source_page, expected, observed, passed from dq_results where \"check\" = ? "
                       "and table_kind = ? order by source_page", [rule, kind]).fetchall()


def test_shenzhen_income_total_counts_the_fiscal_grant_once(shenzhen):
    # guangdong-szczj-2026-budget.pdf p16-18 收支总表 (read on the page): 一、财政拨款 36,989.05 over
    # 1.一般公共预算拨款 36,989.05 / 2.政府性基金 0.00 / 3.国有资本经营 0.00, 二、财政专户 0.00, 三、单位资金 0.00;
    # 本年收入合计 36,989.05 — TS04 held only within rounding would be listed; a break (73,978.10) is a warning
    broken = shenzhen.execute("select count(*) from dq_results where \"check\" in ('TS04', 'TS09') and not passed").fetchone()[0]
    verified = shenzhen.execute("select verified, verified_by from v_facts where table_kind = 'summary' "
                                "and item = 'income_total'").fetchall()
    assert broken == 0
    assert verified and verified[0][0] and {"TS04", "TS02"} <= set(verified[0][1])
    fiscal = shenzhen.execute("select verified_by from v_facts where table_kind in ('summary', 'fiscal_summary') "
                              "and item = 'fiscal_grant'").fetchall()
    assert len(fiscal) == 2 and all("TS09" in v for (v,) in fiscal)


def test_xian_table_5_row_sums_read_basic_as_personnel_and_public_use(tmp_path):
    # shaanxi-xaajj-tables-2019-budget.pdf p7 表5 (read on the page): 合计 3,643.37 = 人员经费支出 1,839.51 +
    # 公用经费支出 182.88 + 专项业务经费支出 1,620.98; row 2240101 行政运行 853.04 = 786.21 + 66.83
    con = connect(tmp_path / "w.duckdb")
    ingest_file(con, REAL / "shaanxi-xaajj-tables-2019-budget.pdf")
    validate_documents(con)
    rows = con.execute("select f.func_code, f.item, f.verified from v_facts f where f.table_kind = 'gpb_expenditure' "
                       "and f.source_page = 7 and f.measure = 'total' and (f.item = 'total' or f.func_code = '2240101')").fetchall()
    quarantined = con.execute("select count(*) from doc_table where table_kind = 'gpb_expenditure' "
                              "and quarantine_reason is not null").fetchone()[0]
    con.close()
    assert quarantined == 0
    assert rows and all(verified for _, _, verified in rows)
