"""fact_amount.gov_econ_code end to end: a hand-placed report whose 支出总表 keys each row by 功能分类 ×
政府支出经济分类 × 部门支出经济分类 (as Beijing's 预算03表 does), loaded, validated, viewed and exported."""

import pyarrow.dataset as ds
import pytest

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.serve.export import export_parquet
from pipelines.validate.runner import validate_documents

REPORT = (
    "北京市某某局2026年部门预算\n\n预算03表\n支出总表\n金额单位：万元\n"
    "支出功能分类科目\t政府支出经济分类科目\t部门支出经济分类科目\t合计\t基本支出\t项目支出\n"
    "2050803-培训支出\t50203-培训费\t30216-培训费\t103.575000\t47.000000\t56.575000\n"
    "2050803-培训支出\t50502-商品和服务支出\t30216-培训费\t42.155380\t12.427380\t29.728000\n"
    "合计\t\t\t145.730380\t59.427380\t86.303000\n"
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gov_econ")
    path = folder / "beijing-mock-2026-budget.txt"
    path.write_text(REPORT, encoding="utf-8")
    con = connect(folder / "w.duckdb")
    result = ingest_file(con, path)
    assert result.status == "loaded", result
    report = validate_documents(con, [result.document_id])
    assert report.suites["schema"]["success"], report.suites["schema"]
    yield con, result.document_id, folder
    con.close()


def test_two_facts_differing_only_by_government_code_are_two_rows(loaded):
    con, doc, _ = loaded
    rows = con.execute("select fact_seq, gov_econ_code, amount from fact_amount where document_id = ? "
                       "and measure = 'total' and econ_code = '30216' order by gov_econ_code", [doc]).fetchall()
    assert [(r[1], str(r[2])) for r in rows] == [("50203", "103.575000"), ("50502", "42.155380")]
    assert rows[0][0] != rows[1][0]


def test_v_facts_and_v_facts_quarantined_expose_the_government_code(loaded):
    con, doc, _ = loaded
    codes = con.execute("select distinct gov_econ_code from v_facts where document_id = ? order by 1", [doc]).fetchall()
    assert codes == [("50203",), ("50502",), (None,)]
    columns = {c for (c,) in con.execute("select column_name from information_schema.columns "
                                         "where table_name = 'v_facts_quarantined'").fetchall()}
    assert "gov_econ_code" in columns


def test_the_joined_label_of_a_multi_keyed_row_is_no_printed_name_of_its_codes(loaded):
    con, doc, _ = loaded
    labels = con.execute("select label from class_label where document_id = ?", [doc]).fetchall()
    assert not [label for (label,) in labels if "|" in label]


def test_the_parquet_export_carries_the_government_code(loaded):
    con, doc, folder = loaded
    export_parquet(con, folder / "out")
    table = ds.dataset(folder / "out" / "facts", format="parquet", partitioning="hive").to_table()
    assert sorted(c for c in table.column("gov_econ_code").to_pylist() if c) == ["50203"] * 3 + ["50502"] * 3


def test_a_government_code_outside_5xx_breaks_the_schema_suite(tmp_path):
    path = tmp_path / "beijing-mock-2026-budget.txt"
    path.write_text(REPORT, encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    doc = ingest_file(con, path).document_id
    con.execute("update fact_amount set gov_econ_code = '30216' where document_id = ? and gov_econ_code = '50203'", [doc])
    report = validate_documents(con, [doc])
    con.close()
    assert not report.suites["schema"]["success"]
    assert any("gov_econ_code" in str(e) for e in report.suites["schema"]["failed"])


def test_the_dashboard_sources_each_printed_combination_from_its_own_cells(loaded):
    """Dashboard 功能分类 tab: the two 2050803 rows (50203 and 50502) each show their own printed cells as source,
    not both rows' cells joined (the lookup once matched on func_code only)."""
    from pipelines.serve.dashboard_data import FUNCTION_SQL

    con, doc, _ = loaded
    unit, year = con.execute("select unit_name, year from dim_document where document_id = ?", [doc]).fetchone()
    rows = con.execute(FUNCTION_SQL, {"units": [unit], "years": [year]}).df()
    rows = rows[rows.func_code == "2050803"].sort_values("gov_econ_code")
    assert list(rows.gov_econ_code) == ["50203", "50502"]
    assert [t.split(" | ")[0] for t in rows.source_text] == ["103.575000", "42.155380"]
