"""Hand-checked figures from every table kind of every sample (table and row named in each test)."""

from decimal import Decimal as D

from tests.conftest import amount_of, facts_where


# --- 包头市社会保险事业服务中心 2024 决算 (unit)

def test_baotou_2024_expenditure_total_basic_is_1353_57(reports):
    # 支出决算表 (公开03表), row 合计, column 基本支出
    assert amount_of(reports["baotou_final"], table_kind="expenditure", item="total", measure="basic") == D("1353.57")


def test_baotou_2024_expenditure_2080109_project_is_157_56(reports):
    # 公开03表, row 2080109 社会保险经办机构, column 项目支出
    assert amount_of(reports["baotou_final"], table_kind="expenditure", func_code="2080109", measure="project") == D("157.56")


def test_baotou_2024_personnel_total_is_1222_57(reports):
    # 公开06表, row 人员经费合计
    assert amount_of(reports["baotou_final"], table_kind="gpb_basic_expenditure", item="personnel_total", measure="personnel") == D("1222.57")
    assert amount_of(reports["baotou_final"], table_kind="gpb_basic_expenditure", item="public_use_total", measure="public_use") == D("129.90")


def test_baotou_2024_basic_30101_and_30239(reports):
    # 公开06表: 30101 基本工资 354.85 (人员经费 group), 30239 其他交通费用 61.52 (公用经费 group)
    report = reports["baotou_final"]
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30101", measure="personnel") == D("354.85")
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30239", measure="public_use") == D("61.52")


def test_baotou_2024_summary_two_sides(reports):
    # 公开01表: left 一般公共预算财政拨款收入 1,527.08 and 其他收入 2.40; right 八、社会保障和就业支出 1,378.36, 结余分配 1.30
    report = reports["baotou_final"]
    assert amount_of(report, table_kind="summary", item="general_public_budget_grant", measure="amount") == D("1527.08")
    assert amount_of(report, table_kind="summary", item="other_income", measure="amount") == D("2.40")
    assert amount_of(report, table_kind="summary", func_code="208", measure="amount") == D("1378.36")
    assert amount_of(report, table_kind="summary", item="surplus_distribution", measure="amount") == D("1.30")
    assert amount_of(report, table_kind="summary", item="income_grand_total", measure="amount") == D("1529.48")


def test_baotou_2024_fiscal_summary_208_gpb_is_1377_26(reports):
    # 公开04表 (its year line is OCR-damaged "024年度"), right row 八、社会保障和就业支出, column 一般公共预算财政拨款
    report = reports["baotou_final"]
    assert amount_of(report, table_kind="fiscal_summary", func_code="208", measure="gpb") == D("1377.26")
    assert amount_of(report, table_kind="fiscal_summary", func_code="208", measure="total") == D("1377.26")


def test_baotou_2024_gpb_expenditure_2080109_basic_is_1055_54(reports):
    # 公开05表, row 2080109, column 基本支出 (under 本年支出)
    assert amount_of(reports["baotou_final"], table_kind="gpb_expenditure", func_code="2080109", measure="basic") == D("1055.54")
    assert amount_of(reports["baotou_final"], table_kind="gpb_expenditure", item="total", measure="total") == D("1527.08")


def test_baotou_2024_project_expenditure_by_econ(reports):
    # 公开07表 (项目支出决算明细表): 30226 劳务费 16.07, 31022 无形资产购置 5.00, 合计 174.61
    report = reports["baotou_final"]
    assert amount_of(report, table_kind="gpb_project_expenditure", econ_code="30226", measure="amount") == D("16.07")
    assert amount_of(report, table_kind="gpb_project_expenditure", econ_code="31022", measure="amount") == D("5.00")
    assert amount_of(report, table_kind="gpb_project_expenditure", item="total", measure="amount") == D("174.61")


def test_baotou_2024_empty_gov_fund_table_has_printed_zeros(reports):
    # 公开08表 prints 合计 0.00 and "本单位无政府性基金预算财政拨款收、支、余": empty, but 0.00 is a fact
    result = next(t for t in reports["baotou_final"].tables if t.table.kind == "gov_fund")
    assert result.status == "empty"
    assert result.facts and all(f.amount == 0 for f in result.facts)


def test_baotou_2024_three_public_long_form(reports):
    # 公开10表: （一）支出合计 年初预算数 0.20 / 支出统计数 0.17; 3.公务接待费 in the 一般公共预算 group 0.17; counts
    report = reports["baotou_final"]
    assert amount_of(report, table_kind="three_public", item="three_public_total", measure="initial_budget") == D("0.20")
    assert amount_of(report, table_kind="three_public", item="three_public_total", measure="final") == D("0.17")
    assert amount_of(report, table_kind="three_public", item="official_reception", measure="gpb_final") == D("0.17")
    batches = facts_where(report, table_kind="three_public", item="domestic_reception_persons", measure="final")
    assert [(f.amount, f.unit_of_measure) for f in batches] == [(D("14"), "count")]


def test_baotou_2024_combined_table_rows_get_their_own_kinds(reports):
    # 公开11表: 一、机关运行经费 129.90; （一）车辆数合计（辆） 1; （一）政府采购支出合计 29.24; 3. 服务 26.95
    report = reports["baotou_final"]
    assert amount_of(report, table_kind="operating_costs", item="operating_costs_total", measure="amount") == D("129.90")
    vehicles = facts_where(report, table_kind="assets", item="vehicles_total")
    assert [(f.amount, f.unit_of_measure) for f in vehicles] == [(D("1"), "count")]
    assert amount_of(report, table_kind="procurement", item="procurement_total", measure="amount") == D("29.24")
    assert amount_of(report, table_kind="procurement", item="procurement_services", measure="amount") == D("26.95")


# --- 辽宁省朝阳市社会保险事业服务中心 2024 决算 (department)

def test_chaoyang_30101_printed_as_3010_is_267_42(reports):
    # 公开06表, row "3010 基本工资" (code truncated in print), repaired from the name
    assert amount_of(reports["chaoyang_final"], table_kind="gpb_basic_expenditure", econ_code="30101", measure="personnel") == D("267.42")


def test_chaoyang_truncated_name_30108_and_30226(reports):
    # 公开06表: "3010 机关事业单位基本养老保险" (name truncated too) → 30108 80.69; "3022 劳务费" → 30226 204.86
    report = reports["chaoyang_final"]
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30108", measure="personnel") == D("80.69")
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30226", measure="public_use") == D("204.86")
    assert amount_of(report, table_kind="gpb_basic_expenditure", item="personnel_total", measure="personnel") == D("748.69")


def test_chaoyang_income_and_summary_disagree_on_208(reports):
    # 公开02表 208 本年收入合计 1,968.11 but 公开01表 八、社会保障和就业支出 1,968.10: both kept as printed
    report = reports["chaoyang_final"]
    assert amount_of(report, table_kind="income", func_code="208", measure="total") == D("1968.11")
    assert amount_of(report, table_kind="income", func_code="208", measure="fiscal_grant") == D("1968.11")
    assert amount_of(report, table_kind="summary", func_code="208", measure="amount") == D("1968.10")


def test_chaoyang_expenditure_and_printed_zero(reports):
    # 公开03表 合计 基本支出 1,018.34; 公开05表 2080109 基本支出 printed 0.00 → a fact of 0
    report = reports["chaoyang_final"]
    assert amount_of(report, table_kind="expenditure", item="total", measure="basic") == D("1018.34")
    assert amount_of(report, table_kind="gpb_expenditure", func_code="2080109", measure="basic") == D("0.00")
    # 公开03表 2080109 基本支出 is blank: no fact
    assert facts_where(report, table_kind="expenditure", func_code="2080109", measure="basic") == []


def test_chaoyang_three_public_numbered_07_is_empty(reports):
    # the 三公 table is printed as 公开07表 (wrong number) with all cells blank
    result = next(t for t in reports["chaoyang_final"].tables if t.table.kind == "three_public")
    assert result.table.printed_number == "07"
    assert result.status == "empty" and not result.facts


# --- 海东市社会保险服务局 2024 决算 (department)

def test_haidong_income_other_income_is_8_5(reports):
    # 公开02表 (header "本年收入合"/"计" split over two rows), row 合计, column 其他收入 printed "8.5"
    report = reports["haidong_final"]
    assert amount_of(report, table_kind="income", item="total", measure="other_income") == D("8.5")
    assert amount_of(report, table_kind="income", func_code="2080107", measure="total") == D("450.58")


def test_haidong_basic_by_econ_without_group_header(reports):
    # 公开06表 has no 人员经费/公用经费 header row: 30101 71.81 is 人员经费 by the national split;
    # the totals row is misaligned ("公用经费合计 ⇥⇥⇥⇥⇥ 42.27")
    report = reports["haidong_final"]
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30101", measure="personnel") == D("71.81")
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30208", measure="public_use") == D("6.31")
    assert amount_of(report, table_kind="gpb_basic_expenditure", item="public_use_total", measure="public_use") == D("42.27")


def test_haidong_three_public_wide_form(reports):
    # 公开09表 wide: 预算数 合计 1.2 and 公务接待费 1.2; 决算数 cells blank → no final facts
    report = reports["haidong_final"]
    assert amount_of(report, table_kind="three_public", item="three_public_total", measure="budget") == D("1.2")
    assert amount_of(report, table_kind="three_public", item="official_reception", measure="budget") == D("1.2")
    assert facts_where(report, table_kind="three_public", measure="final") == []


def test_haidong_operating_costs_and_procurement(reports):
    # 公开10表 机关运行经费 by 经济分类: 合计 42.27, 30201 办公费 3.7; 公开11表 政府采购支出合计 9.33
    report = reports["haidong_final"]
    assert amount_of(report, table_kind="operating_costs", item="operating_costs_total", measure="amount") == D("42.27")
    assert amount_of(report, table_kind="operating_costs", econ_code="30201", measure="amount") == D("3.7")
    assert amount_of(report, table_kind="procurement", item="procurement_total", measure="amount") == D("9.33")


# --- 包头市人力资源和社会保障局 2025 预算 (department summary, 10 units)

def test_budget_2025_summary_and_fiscal_summary(reports):
    # 表1 收支总表: 一般公共预算拨款收入 10,317.25; 八、社会保障和就业支出 9,515.27; 表4: 一、本年收入 10,317.25
    report = reports["baotou_budget"]
    assert amount_of(report, table_kind="summary", item="general_public_budget_grant", measure="amount") == D("10317.25")
    assert amount_of(report, table_kind="summary", func_code="208", measure="amount") == D("9515.27")
    assert amount_of(report, table_kind="fiscal_summary", item="income_total", measure="amount") == D("10317.25")
    assert amount_of(report, table_kind="fiscal_summary", item="general_public_budget_grant", measure="amount") == D("10317.25")
    assert amount_of(report, table_kind="fiscal_summary", func_code="221", measure="amount") == D("497.83")


def test_budget_2025_expenditure_and_gpb(reports):
    # 表3 支出总表 208 基本支出 7,354.47, 合计 row (code cell empty) 10317.25;
    # 表5 2080109 人员经费 2,688.26 / 公用经费 228.00 (under 基本支出)
    report = reports["baotou_budget"]
    assert amount_of(report, table_kind="expenditure", func_code="208", measure="basic") == D("7354.47")
    assert amount_of(report, table_kind="expenditure", item="total", measure="total") == D("10317.25")
    assert amount_of(report, table_kind="gpb_expenditure", func_code="2080109", measure="personnel") == D("2688.26")
    assert amount_of(report, table_kind="gpb_expenditure", func_code="2080109", measure="public_use") == D("228.00")
    assert amount_of(report, table_kind="gpb_expenditure", func_code="2080109", measure="basic") == D("2916.26")


def test_budget_2025_basic_by_econ(reports):
    # 表6: 30101 基本工资 合计 1,973.05 / 人员经费 1,973.05; 30231 公务用车运行维护费 公用经费 26.53
    report = reports["baotou_budget"]
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30101", measure="total") == D("1973.05")
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30101", measure="personnel") == D("1973.05")
    assert amount_of(report, table_kind="gpb_basic_expenditure", econ_code="30231", measure="public_use") == D("26.53")


def test_budget_2025_three_public_of_unit_401003(reports):
    # 表7, row "401003-包头市社会保险事业服务中心": 2025年预算数 0.20, 2024年执行数 0.17
    report = reports["baotou_budget"]
    assert amount_of(report, "401003", table_kind="three_public", item="three_public_total", measure="budget") == D("0.20")
    assert amount_of(report, "401003", table_kind="three_public", item="three_public_total", measure="prior_final") == D("0.17")
    unit = facts_where(report, "401003", table_kind="three_public")[0]
    assert unit.unit_name == "包头市社会保险事业服务中心" and unit.scope == "unit"


def test_budget_2025_three_public_department_total_row(reports):
    # 表7, row 合计: 2025年预算数 29.10, 2024年执行数 因公出国(境)费 3.57
    report = reports["baotou_budget"]
    assert amount_of(report, table_kind="three_public", item="three_public_total", measure="budget") == D("29.10")
    assert amount_of(report, table_kind="three_public", item="outbound_travel", measure="prior_final") == D("3.57")
    assert amount_of(report, "401001", table_kind="three_public", item="outbound_travel", measure="prior_final") == D("3.57")
