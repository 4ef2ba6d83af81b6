"""Guangdong (深圳, 广州) budget tables: the 政府采购项目 columns of 支出总表 and the 三公 table by part × fund
(layouts/three_public_funds.py): minimal hand-placed cases, then the real pages they come from
(../shared/real, read in place; figures checked by eye on the rendered page)."""

from decimal import Decimal

from pipelines.load.coverage import printed_amount_cells, table_amount_cells
from pipelines.normalize.vocab import measure_for
from tests.normalize.real_pages import needs_real
from tests.normalize.tables import located, normalize, page_result

D = Decimal


def keyed(result, measure):
    return {f.func_code or f.item: f.amount for f in result.facts if f.measure == measure and not f.unit_name}


# --- 支出总表: 2026年政府采购项目 | 小计 | 其中:…中小企业 | 其中:…小型、微型企业

def test_a_header_naming_the_reports_own_year_is_read_without_it():
    assert measure_for("2026年政府采购项目", 2026) == "procurement"
    assert measure_for("其中:2026年政府采购项目中预留给中小企业的项目资金规模", 2026) == "procurement_sme_reserved"
    assert measure_for("2025年政府采购项目", 2026) is None  # another year's figure is no measure we know
    assert measure_for("2025年预算数", 2026) == "prior_budget"  # year-qualified figures keep their rule


EXPENDITURE = (
    ("科目编码", "科目名称", "支出总计", "基本支出", "项目支出", "2026年政府采购项目", "", ""),
    ("", "", "", "", "", "小计", "其中:2026年政府采购项目中预留给中小企业的项目资金规模",
     "其中:2026年政府采购项目中预留给小型、微型企业的项目资金规模"),
    ("201", "一般公共服务支出", "10.00", "4.00", "6.00", "3.00", "1.00", "0.50"),
)


def test_procurement_columns_of_an_expenditure_table_are_three_measures():
    result = normalize(located(EXPENDITURE, "expenditure"))
    assert keyed(result, "total") == {"201": D("10.00")}
    assert keyed(result, "procurement") == {"201": D("3.00")}
    assert keyed(result, "procurement_sme_reserved") == {"201": D("1.00")}
    assert keyed(result, "procurement_small_micro_reserved") == {"201": D("0.50")}
    assert not any(f.check in ("column_unmapped", "duplicate_key") for f in result.findings)


@needs_real
def test_szczj_p20_2010601_procurement_388_02_sme_171_52():
    # guangdong-szczj-2026-budget.pdf p20 表3 支出总表, row 2010601 行政运行: 2026年政府采购项目 小计 388.02,
    # 其中 中小企业 171.52, 其中 小型、微型企业 0.00; the unit row 深圳市财政局(本级) 3,790.75 | 537.85 | 0.00
    result = page_result("guangdong-szczj-2026-budget.pdf", {20, 21, 22, 23}, "expenditure", "深圳市财政局")
    assert keyed(result, "procurement")["2010601"] == D("388.02")
    assert keyed(result, "procurement_sme_reserved")["2010601"] == D("171.52")
    assert keyed(result, "procurement_small_micro_reserved")["2010601"] == D("0.00")
    assert keyed(result, "procurement")["total"] == D("3790.75")
    assert not any(f.check == "column_unmapped" for f in result.findings)


@needs_real
def test_szkab_p18_201_procurement_66_73():
    # guangdong-szkab-2026-budget.pdf p18 表3 支出总表, row 201 一般公共服务支出: 46,284.00 … 政府采购项目 小计 66.73
    result = page_result("guangdong-szkab-2026-budget.pdf", {18, 19, 20}, "expenditure", "深圳市人民政府口岸办公室")
    assert keyed(result, "procurement")["201"] == D("66.73")
    assert keyed(result, "procurement")["total"] == D("3966.73")


# --- 三公 by part × fund, one row per year

FUNDS = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
THREE_PUBLIC = (
    ("预算单位", "年度", "总计", "", "", "因公出国(境)费", "", "", "公务接待费", "", "",
     "公务用车购置及运行维护费", "", "", "", "", "", "", "", ""),
    ("", "", "", "", "", "", "", "", "", "", "", "小计", "", "", "公务用车购置费", "", "", "公务用车运行维护费", "", ""),
    ("", "") + FUNDS * 6,
    ("某某局(本级)", "2025年", "10.00", "1.00", "0.00", "4.00", "0.00", "0.00", "2.00", "1.00", "0.00",
     "4.00", "0.00", "0.00", "3.00", "0.00", "0.00", "1.00", "0.00", "0.00"),
    ("", "2026年", "9.00", "0.00", "0.00", "4.00", "0.00", "0.00", "2.00", "0.00", "0.00",
     "3.00", "0.00", "0.00", "0.00", "0.00", "0.00", "3.00", "0.00", "0.00"),
    ("", "增减变化金额", "-1.00", "-1.00", "0.00", "0.00", "0.00", "0.00", "0.00", "-1.00", "0.00",
     "-1.00", "0.00", "0.00", "-3.00", "0.00", "0.00", "2.00", "0.00", "0.00"),
)


def test_three_public_by_fund_and_year_keys_each_cell_by_part_fund_and_year():
    result = normalize(located(THREE_PUBLIC, "three_public"))
    assert result.layout == "three_public_funds"
    assert keyed(result, "gpb_prior_budget") == {
        "three_public_total": D("10.00"), "outbound_travel": D("4.00"), "official_reception": D("2.00"),
        "official_vehicles": D("4.00"), "vehicle_purchase": D("3.00"), "vehicle_operation": D("1.00")}
    assert keyed(result, "gov_fund_prior_budget")["three_public_total"] == D("1.00")
    assert keyed(result, "gov_fund_prior_budget")["official_reception"] == D("1.00")
    assert keyed(result, "gpb_budget")["vehicle_operation"] == D("3.00")
    assert keyed(result, "soe_capital_budget")["three_public_total"] == D("0.00")
    assert len(result.facts) == 36  # the 增减变化金额 row is derived: not loaded
    assert [f.check for f in result.findings] == ["row_derived"]
    assert not any(f.unit_name for f in result.facts)  # 某某局(本级) is the report's own unit
    # the derived row's 18 cells are printed but no gap: coverage counts the 36 loaded ones
    assert printed_amount_cells(result.table) == 54 and table_amount_cells(result) == 36


def test_three_public_by_fund_rows_of_another_unit_are_that_units():
    rows = THREE_PUBLIC[:3] + (("某某中心",) + THREE_PUBLIC[3][1:],)
    result = normalize(located(rows, "three_public"))
    assert {(f.unit_name, f.scope) for f in result.facts} == {("某某中心", "unit")}


def test_a_row_naming_no_year_is_a_finding_not_a_guess():
    rows = THREE_PUBLIC[:3] + (("某某局", "某某数") + THREE_PUBLIC[3][2:],)
    result = normalize(located(rows, "three_public"))
    assert result.facts == ()
    assert [f.check for f in result.findings] == ["row_unmapped"]


@needs_real
def test_szczj_p38_three_public_2026_gpb_58_46_of_which_outbound_41_60():
    # guangdong-szczj-2026-budget.pdf p38 表9 财政拨款“三公”经费支出表: 2025年 一般公共预算 总计 59.66, 2026年 58.46
    # (因公出国 41.60, 公务接待 9.46, 公务用车 小计 7.40 = 运行维护 7.40); the narrative (第五部分) says 58.46, 较 2025 年年初预算减少 1.20
    result = page_result("guangdong-szczj-2026-budget.pdf", {38}, "three_public", "深圳市财政局")
    assert result.layout == "three_public_funds"
    assert keyed(result, "gpb_prior_budget")["three_public_total"] == D("59.66")
    budget = keyed(result, "gpb_budget")
    assert (budget["three_public_total"], budget["outbound_travel"], budget["official_reception"],
            budget["official_vehicles"], budget["vehicle_operation"]) == (D("58.46"), D("41.60"), D("9.46"), D("7.40"), D("7.40"))
    assert len(result.facts) == 36


@needs_real
def test_szkab_p31_three_public_2025_vehicle_purchase_12_00():
    # guangdong-szkab-2026-budget.pdf p31 表9: 2025年 一般公共预算 总计 37.77 = 17.88 + 1.89 + 18.00 (购置 12.00, 运行 6.00);
    # 2026年 43.79 = 36.14 + 1.65 + 6.00
    result = page_result("guangdong-szkab-2026-budget.pdf", {31}, "three_public", "深圳市人民政府口岸办公室")
    prior, budget = keyed(result, "gpb_prior_budget"), keyed(result, "gpb_budget")
    assert prior["vehicle_purchase"] == D("12.00") and prior["three_public_total"] == D("37.77")
    assert budget["three_public_total"] == budget["outbound_travel"] + budget["official_reception"] + budget["official_vehicles"]
    assert budget["three_public_total"] == D("43.79")


# --- 广州: codes printed with their names under a header naming no role; unit sections of 表11

def econ_keyed(result, measure, unit_name=None):
    return {f.econ_code or f.item: f.amount for f in result.facts if f.measure == measure and f.unit_name == unit_name}


def test_a_column_of_code_and_name_cells_under_a_header_naming_no_role_is_the_code_column():
    rows = (
        ("预算科目", "预算"),
        ("合计", "30.00"),
        ("[301]工资福利支出", "30.00"),
        ("[30101]基本工资", "10.00"),
        ("[30102]津贴补贴", "20.00"),
    )
    result = normalize(located(rows, "gpb_project_expenditure"))
    assert result.layout == "coded"
    assert econ_keyed(result, "amount") == {"total": D("30.00"), "301": D("30.00"), "30101": D("10.00"), "30102": D("20.00")}
    assert not any(f.check == "row_unmapped" for f in result.findings)


@needs_real
def test_gztjj_p14_p16_econ_tables_30102_3003_28_and_30202_355_90():
    # guangdong-gztjj-2026-budget.pdf p14 表6 一般公共预算基本支出情况表: 合计 8,401.67, [30102]津贴补贴 3,003.28,
    # p15 [31007]信息网络及软件购置更新 5.00; p16 表7 项目支出: 合计 1,032.05, [30202]印刷费 355.90
    basic = page_result("guangdong-gztjj-2026-budget.pdf", {14, 15}, "gpb_basic_expenditure", "广州市统计局")
    assert len(basic.facts) == 38
    amounts = {f.econ_code or f.item: f.amount for f in basic.facts}
    assert (amounts["total"], amounts["30102"], amounts["31007"]) == (D("8401.67"), D("3003.28"), D("5.00"))
    project = page_result("guangdong-gztjj-2026-budget.pdf", {16}, "gpb_project_expenditure", "广州市统计局")
    assert len(project.facts) == 15
    assert econ_keyed(project, "amount")["30202"] == D("355.90")
    assert econ_keyed(project, "amount")["total"] == D("1032.05")


UNIT_SECTIONS = (
    ("支出项目类别(资金使用单位)", "总计", "其他资金"),
    ("合计", "30.00", "0.00"),
    ("某某局(本级)", "20.00", "0.00"),
    ("工资福利支出", "15.00", "0.00"),
    ("商品和服务支出", "5.00", "0.00"),
    ("某某中心", "10.00", "0.00"),
    ("工资福利支出", "10.00", "0.00"),
)


def test_sections_under_a_header_naming_units_are_those_units():
    result = normalize(located(UNIT_SECTIONS, "basic_expenditure"))
    assert econ_keyed(result, "total") == {"total": D("30.00")}  # the department's: only the 合计 row
    assert econ_keyed(result, "total", "某某局") == {"total": D("20.00"), "301": D("15.00"), "302": D("5.00")}
    assert econ_keyed(result, "total", "某某中心") == {"total": D("10.00"), "301": D("10.00")}
    assert econ_keyed(result, "other_funds", "某某中心")["301"] == D("0.00")
    assert not any(f.severity in ("error", "warning") for f in result.findings)


def test_without_the_header_naming_units_another_units_section_is_not_keyed():
    rows = (("支出项目类别",) + UNIT_SECTIONS[0][1:],) + UNIT_SECTIONS[1:]
    result = normalize(located(rows, "basic_expenditure"))
    assert not any(f.unit_name == "某某中心" for f in result.facts)
    assert any(f.check == "rows_not_keyed" for f in result.findings)


@needs_real
def test_gztjj_p20_basic_expenditure_by_unit_census_centre_301_1155_76():
    # guangdong-gztjj-2026-budget.pdf p20 表11 部门预算基本支出预算表: 合计 8,401.67; 广州市统计局(本级) 5,673.23 =
    # 4,785.53 + 381.91 + 497.79 + 8.00; 广州市统计普查中心 1,373.74, its 工资福利支出 1,155.76; 其他资金 0.00 throughout
    result = page_result("guangdong-gztjj-2026-budget.pdf", {20}, "basic_expenditure", "广州市统计局")
    assert len(result.facts) == 112
    assert econ_keyed(result, "total") == {"total": D("8401.67")}
    own = econ_keyed(result, "total", "广州市统计局")
    assert own["total"] == D("5673.23") == own["301"] + own["302"] + own["303"] + own["310"]
    assert econ_keyed(result, "total", "广州市统计普查中心")["301"] == D("1155.76")
    assert econ_keyed(result, "gpb", "广州市统计监测中心(广州市统计发展中心)")["310"] == D("0.50")


# --- name-only rows of 收支总表 whose codes the report prints in its coded tables (func_class.csv)

@needs_real
def test_szkab_p15_summary_places_kouan_guanli_2010907_43108_34():
    # guangdong-szkab-2026-budget.pdf p15 表1 收支总表 prints names only: 海关事务 46,161.69 | 口岸管理 43,108.34 |
    # 其他一般公共服务支出 122.31 (twice: 款 and 项); p18 表3 prints the code, 2010907 口岸管理 43,108.34
    result = page_result("guangdong-szkab-2026-budget.pdf", {15, 16}, "summary", "深圳市人民政府口岸办公室")
    amounts = {f.func_code: f.amount for f in result.facts if f.func_code}
    assert amounts["2010907"] == D("43108.34")
    # 3,053.34 + 43,108.34 = 46,161.68: the printed 46,161.69 is within the 尾数误差 of 0.01 a summed cell
    assert abs(amounts["20109"] - (amounts["2010901"] + amounts["2010907"])) <= D("0.02")
    assert amounts["20199"] == amounts["2019999"] == D("122.31")
    assert not any(f.check == "row_unmapped" for f in result.findings)
