"""A 单位决算 in the newer (2023+) template, hand-placed: its contents page prints Word fields and lists the detail
tables (财政拨款支出决算明细表, 一般公共预算财政拨款支出决算明细表, 四川 渠县/阿坝 2023-2024); every listed table is
identified, the detail tables bound the tables before them without being read, and the report loads with its
identities holding (no finding)."""

from decimal import Decimal

import pytest

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.runner import validate_documents

PAGES = [
    "四川省某县农业综合服务中心\n2024年度单位决算\n目录\n"
    "一、收入支出决算总表 PAGEREF _Toc20349 h 5\n二、财政拨款收入支出决算总表 PAGEREF _Toc7791 h 6\n"
    "三、财政拨款支出决算明细表 PAGEREF _Toc1866 h 7\n四、一般公共预算财政拨款支出决算表 PAGEREF _Toc13285 h 8\n"
    "五、一般公共预算财政拨款支出决算明细表 PAGEREF _Toc1321 h 9\n六、一般公共预算财政拨款项目支出决算表 PAGEREF _Toc1322 h 10\n"
    "七、国有资本经营预算财政拨款收入支出决算表 PAGEREF _Toc1323 h 11\n",
    "收入支出决算总表\n公开01表\n单位：四川省某县农业综合服务中心\n金额单位：万元\n"
    "收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t100.00\t一、农林水支出\t32\t100.00\n"
    "本年收入合计\t27\t100.00\t本年支出合计\t58\t100.00\n"
    "年初结转和结余\t29\t\t年末结转和结余\t60\t\n总计\t31\t100.00\t总计\t62\t100.00\n",
    "财政拨款收入支出决算总表\n公开04表\n金额单位：万元\n"
    "收入\t\t\t支出\t\t\t\t\t\n项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款\n"
    "一、一般公共预算财政拨款\t1\t100.00\t一、农林水支出\t33\t100.00\t100.00\t\t\n"
    "本年收入合计\t27\t100.00\t本年支出合计\t59\t100.00\t100.00\t\t\n总计\t32\t100.00\t总计\t64\t100.00\t100.00\t\t\n",
    "财政拨款支出决算明细表\n公开05表\n金额单位：万元\n"
    "科目编码\t科目名称\t合计\t工资福利支出\t商品和服务支出\t对个人和家庭的补助\n"
    "213\t农林水支出\t100.00\t70.00\t25.00\t5.00\n",
    "一般公共预算财政拨款支出决算表\n公开06表\n金额单位：万元\n"
    "支出功能分类科目代码\t科目名称\t小计\t基本支出\t项目支出\n合计\t\t100.00\t80.00\t20.00\n"
    "213\t农林水支出\t100.00\t80.00\t20.00\n21301\t农业农村\t100.00\t80.00\t20.00\n"
    "2130104\t事业运行\t80.00\t80.00\t\n2130108\t病虫害控制\t20.00\t\t20.00\n",
    "一般公共预算财政拨款支出决算明细表\n公开07表\n金额单位：万元\n"
    "科目编码\t科目名称\t合计\t工资福利支出\t商品和服务支出\t对个人和家庭的补助\n"
    "213\t农林水支出\t100.00\t70.00\t25.00\t5.00\n",
    "一般公共预算财政拨款项目支出决算表\n公开08表\n金额单位：万元\n"
    "部门预算支出经济分类科目代码\t科目名称\t决算数\n合计\t\t20.00\n302\t商品和服务支出\t20.00\n30213\t维修（护）费\t20.00\n",
    "国有资本经营预算财政拨款收入支出决算表\n公开09表\n金额单位：万元\n"
    "项目\t\t年初结转和结余\t本年收入\t本年支出\t年末结转和结余\n支出功能分类科目代码\t科目名称\t\t\t\t\n"
    "注：本单位无国有资本经营预算财政拨款收入，也没有使用国有资本经营预算财政拨款安排的支出，故本表为空表。\n",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("final2023")
    path = folder / "mock-county-agri-2024-final.txt"
    path.write_text("\f".join(PAGES), encoding="utf-8")
    con = connect(folder / "w.duckdb")
    result = ingest_file(con, path)
    assert result.status == "loaded", result
    report = validate_documents(con, [result.document_id])
    yield con, result.document_id, report
    con.close()


def test_every_listed_table_is_identified_and_the_detail_tables_are_not_read(loaded):
    con, doc, _ = loaded
    tables = con.execute("select table_kind, status from doc_table where document_id = ? order by table_seq", [doc]).fetchall()
    assert [kind for kind, _ in tables] == ["summary", "fiscal_summary", "expenditure_detail", "gpb_expenditure",
                                           "expenditure_detail", "gpb_project_expenditure", "soe_capital"]
    assert {kind: status for kind, status in tables}["expenditure_detail"] == "not_extracted"


def test_the_detail_table_bounds_the_table_before_it(loaded):
    # without the 明细表 identified, its 213 row (100.00 | 70.00 | 25.00 | 5.00) would be a second 213 row of 04
    con, doc, _ = loaded
    rows = con.execute("select amount from fact_amount where document_id = ? and table_kind = 'fiscal_summary' "
                       "and func_code = '213' and measure = 'total'", [doc]).fetchall()
    assert [r[0] for r in rows] == [Decimal("100.00")]


def test_the_report_loads_with_its_identities_holding(loaded):
    con, doc, report = loaded
    # the rules ran over all facts (04 一般公共预算 = 05 合计, 01/04 totals, the 类/款/项 sums, TB01 …) and found nothing;
    # what remains is the reader's notes that the name-only 类 rows of 01/04 were coded from their names
    notes = con.execute('select "check", severity from dq_results where document_id = ? and severity <> ?', [doc, 'info']).fetchall()
    assert notes == [] and report.findings.empty
    assert report.suites["schema"]["success"]
