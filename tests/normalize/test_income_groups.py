"""收入预算总表 printed as fund groups (江苏 公开02表 2017–2019): "一般公共预算资金 | 小计 | 10,070.48" over its parts
printed in the 小计 column (" | 公共财政拨款(补助)资金 | 10,070.48", " | 专项收入 | "). Each part is its own item
(items.yaml: gpb_appropriation, gpb_earmarked_revenue …), never the group's key; IN01–IN04 (rules.yaml) hold the sums."""

from decimal import Decimal

from tests.normalize.real_pages import needs_real
from tests.normalize.tables import located, normalize

def _table(rows):
    return normalize(located(rows, "income", 2, title="收入预算总表", engine="pdfium"), "某厅", year=2018)


def test_part_rows_under_a_subtotal_group_get_their_own_items():
    result = _table((
        ("项目名称", "", "金额"),
        ("收入总计", "", "110.00"),
        ("一般公共预算资金", "小计", "100.00"),
        ("", "公共财政拨款(补助)资金", "70.00"),
        ("", "专项收入", "30.00"),
        ("财政专户管理资金", "小计", ""),
        ("", "其他非税收入", ""),
        ("其他资金", "小计", "10.00"),
        ("", "事业收入", "4.00"),
        ("", "债务资金(银行贷款)", "6.00"),
    ))
    assert {f.item: f.amount for f in result.facts} == {
        "income_grand_total": 110, "general_public_budget_grant": 100, "gpb_appropriation": 70,
        "gpb_earmarked_revenue": 30, "other_funds": 10, "business_income": 4, "debt_funds": 6}
    assert not result.findings  # was: rows_not_keyed, 4 part rows not loaded


def test_a_part_row_only_reads_its_label_under_a_group_row():
    """专项收入 names the 一般公共预算's earmarked revenue only under that group; a part row whose label matches no item
    stays a finding, never the group's key."""
    result = _table((
        ("项目名称", "", "金额"),
        ("其他资金", "小计", "10.00"),
        ("", "专项收入", "4.00"),
        ("", "某某收入", "6.00"),
    ))
    assert {f.item: f.amount for f in result.facts} == {"other_funds": 10}
    assert {f.check for f in result.findings} == {"rows_not_keyed"}


@needs_real
def test_real_zhengxie_2018_p2_groups():
    """jiangsu-zhengxie-tables-2018-budget.pdf p2 lines 34–48 (checked by eye): 收入总计 10,150.48 = 一般公共预算资金
    10,070.48 (公共财政拨款(补助)资金 10,070.48) + 其他资金 80.00 (其他收入 80.00): 5 of 5 printed amounts."""
    from pipelines.extract import extract_report
    from tests.normalize.real_pages import REAL

    table = next(t for t in extract_report(REAL / "jiangsu-zhengxie-tables-2018-budget.pdf").tables if t.table.kind == "income")
    assert {f.item: f.amount for f in table.facts} == {
        "income_grand_total": Decimal("10150.48"), "general_public_budget_grant": Decimal("10070.48"),
        "gpb_appropriation": Decimal("10070.48"), "other_funds": Decimal("80.00"), "other_income": Decimal("80.00")}
    assert not table.findings


@needs_real
def test_real_shengweiban_2017_p2_special_account():
    """jiangsu-shengweiban-tables-2017-budget.pdf p2 lines 38–40 (checked by eye): 财政专户管理资金 小计 147.20 over
    其他非税收入 147.20."""
    from pipelines.extract import extract_report
    from tests.normalize.real_pages import REAL

    table = next(t for t in extract_report(REAL / "jiangsu-shengweiban-tables-2017-budget.pdf").tables if t.table.kind == "income")
    amounts = {f.item: f.amount for f in table.facts}
    assert amounts["special_account_income"] == amounts["special_account_other_nontax"] == Decimal("147.20")
    assert len(table.facts) == 5 and not table.findings
