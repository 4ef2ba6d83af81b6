"""doc_fact_unit, the per-document summary of fact_amount that v_yoy reads (sql/ddl/14): the loader
keeps it equal to the facts, through new documents, revisions and reloads, and a warehouse loaded
before it existed gets it filled when it is opened."""

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect
from tests.conftest import RAW, SAMPLES

FROM_FACTS = ("select document_id, unit_id, scope, unit_of_measure, count(*) as facts from fact_amount "
              "group by all")
SUMMARY = "select document_id, unit_id, scope, unit_of_measure, facts from doc_fact_unit"


def differences(con) -> tuple[list, list]:
    """Summary rows the facts do not give, and the other way round."""
    return (con.execute(f"{SUMMARY} except all {FROM_FACTS}").fetchall(),
            con.execute(f"{FROM_FACTS} except all {SUMMARY}").fetchall())


def test_loader_keeps_the_summary_equal_to_the_facts(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    for path in expand_paths([RAW]):
        ingest_file(con, path)
    corrected = tmp_path / "haidong-corrected.txt"  # a revision: a second version of one document
    corrected.write_text(SAMPLES["haidong_final"].read_text(encoding="utf-8").replace(
        "2080109\t社会保险经办机构\t5.36\t5.36\t\n", "2080109\t社会保险经办机构\t5.46\t5.46\t\n", 1), encoding="utf-8")
    ingest_file(con, corrected)
    facts = con.execute("select count(*) from fact_amount").fetchone()[0]
    summed, documents = con.execute("select sum(facts), count(distinct document_id) from doc_fact_unit").fetchone()
    missing_extra = differences(con)
    # the 2025 department budget (包头) prints its 三公 table per unit (公开07表): its own row and nine units'
    units = con.execute("select count(distinct s.unit_id) from doc_fact_unit s join dim_document d using (document_id) "
                        "where d.file_name = 'baotou-hrss-dept-2025-budget.txt' and s.scope = 'unit'").fetchone()[0]
    con.close()
    assert missing_extra == ([], [])
    assert summed == facts == 932 + 211 and documents == 5  # the 4 samples + the revision of 海东 (211 facts)
    assert units == 10

def test_a_warehouse_without_the_summary_gets_it_when_opened(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    ingest_file(con, SAMPLES["haidong_final"])
    con.execute("delete from doc_fact_unit")  # as a warehouse loaded before the table existed
    con.execute("delete from meta_schema")    # ... whose schema is older than this code
    con.close()
    con = connect(path)
    rows = con.execute("select count(*) from doc_fact_unit").fetchone()[0]
    missing_extra = differences(con)
    con.close()
    assert rows > 0 and missing_extra == ([], [])
