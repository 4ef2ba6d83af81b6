"""The 收支预算总表 of three real Jiangsu reports against an extraction nobody on this project made.

ae86jack/open-budget (a public scraper/parser of 江苏 预算公开, commit 9a2cbe1c6a01) publishes, per unit, the
收支预算总表 figures its own camelot parser read from the same PDFs that are in ../shared/real:
`pdf_files/jszwfw/江苏省人大办公厅/收支预算总表.csv` (rows 2017-01-01 and 2019-01-01) and
`pdf_files/jszwfw/江苏省委办公厅/收支预算总表.csv` (row 2017-01-01). Its column names are the printed row
labels; below, each is mapped to the key our warehouse gives that row. Two readers agreeing to the cent on
every figure is independent evidence the figures are read right (the identities check only consistency).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.real.test_real_corpus import _document

# (file, their column, our key: ('item', item) or ('func', 类 code), their figure in 万元)
_THEIRS = [
    ("jiangsu-rendaban-2017-budget.pdf", "财政拨款", ("item", "fiscal_grant"), "13649.07"),
    ("jiangsu-rendaban-2017-budget.pdf", "一般公共预算", ("item", "general_public_budget_grant"), "13649.07"),
    ("jiangsu-rendaban-2017-budget.pdf", "一般公共服务支出", ("func", "201"), "10528.33"),
    ("jiangsu-rendaban-2017-budget.pdf", "社会保障和就业支出", ("func", "208"), "1608.51"),
    ("jiangsu-rendaban-2017-budget.pdf", "住房保障支出", ("func", "221"), "1512.23"),
    ("jiangsu-rendaban-2017-budget.pdf", "基本支出", ("item", "expenditure_basic"), "7666.68"),
    ("jiangsu-rendaban-2017-budget.pdf", "项目支出", ("item", "expenditure_project"), "5853.96"),
    ("jiangsu-rendaban-2017-budget.pdf", "单位预留机动经费", ("item", "expenditure_reserve"), "128.43"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "财政拨款", ("item", "fiscal_grant"), "18330.37"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "一般公共服务支出", ("func", "201"), "13907.78"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "社会保障和就业支出", ("func", "208"), "1121.39"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "住房保障支出", ("func", "221"), "3301.2"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "基本支出", ("item", "expenditure_basic"), "9312.9"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "项目支出", ("item", "expenditure_project"), "6459.58"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "单位预留机动经费", ("item", "expenditure_reserve"), "2557.89"),
    ("jiangsu-rendaban-tables-2019-budget.pdf", "支出合计", ("item", "expenditure_total"), "18330.37"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "财政拨款", ("item", "fiscal_grant"), "20702.25"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "财政专户管理资金", ("item", "special_account_income"), "147.2"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "收入合计", ("item", "income_total"), "20849.45"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "一般公共服务支出", ("func", "201"), "16992.37"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "社会保障和就业支出", ("func", "208"), "2000.39"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "住房保障支出", ("func", "221"), "1856.69"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "基本支出", ("item", "expenditure_basic"), "9964.07"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "项目支出", ("item", "expenditure_project"), "10688.66"),
    ("jiangsu-shengweiban-tables-2017-budget.pdf", "单位预留机动经费", ("item", "expenditure_reserve"), "196.72"),
]


@pytest.mark.parametrize("name,label,key,amount", _THEIRS, ids=[f"{n.split('-')[1]}-{n[-15:-11]}-{l}" for n, l, _, _ in _THEIRS])
def test_the_summary_table_agrees_with_an_independent_extraction(real_warehouse, name, label, key, amount):
    con, _ = real_warehouse
    document_id, _, _ = _document(con, name)
    column = "item" if key[0] == "item" else "func_code"
    rows = con.execute(f"select amount from v_facts where document_id = ? and table_kind = 'summary' and {column} = ? "
                       "and measure = 'amount'", [document_id, key[1]]).fetchall()
    assert [r[0] for r in rows] == [Decimal(amount)], f"{name} {label}: ours {rows}, open-budget {amount}"
