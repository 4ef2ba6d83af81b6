"""Versions: the same bytes twice change nothing; a corrected republication supersedes its own
facts only, and v_revisions lists what changed."""

from pipelines.ingest import ingest_file
from pipelines.load import connect
from tests.conftest import SAMPLES


def test_republication_supersedes_the_old_version(tmp_path):
    original = SAMPLES["haidong_final"].read_text(encoding="utf-8")
    # the corrected report: 公开05表 2080109 社会保险经办机构 5.36 → 5.46 (小计 and 基本支出)
    corrected = original.replace("2080109\t社会保险经办机构\t5.36\t5.36\t\n", "2080109\t社会保险经办机构\t5.46\t5.46\t\n", 1)
    assert corrected != original
    path = tmp_path / "haidong-corrected.txt"
    path.write_text(corrected, encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    old = ingest_file(con, SAMPLES["haidong_final"])
    other = ingest_file(con, SAMPLES["baotou_final"])
    before = con.execute("select count(*), sum(amount) from v_facts").fetchone()
    new = ingest_file(con, path)
    again = ingest_file(con, SAMPLES["haidong_final"])  # the old bytes once more: nothing changes
    status = dict(con.execute("select document_id, status from dim_document").fetchall())
    after = con.execute("select count(*), sum(amount) from v_facts").fetchone()
    revisions = con.execute(
        "select table_kind, func_code, measure, old_amount, new_amount, change from v_revisions order by measure").fetchall()
    history = con.execute("select count(distinct document_id) from v_facts_history").fetchone()[0]
    con.close()
    assert new.superseded == (old.document_id,)
    assert again.status == "unchanged"
    assert status == {old.document_id: "superseded", new.document_id: "loaded", other.document_id: "loaded"}
    assert after[0] == before[0]  # same set of keys, one document's amounts replaced
    assert [(r[0], r[1], r[2], str(r[3]), str(r[4]), r[5]) for r in revisions] == [
        ("gpb_expenditure", "2080109", "basic", "5.360000", "5.460000", "changed"),  # DECIMAL(20,6): exact, as printed
        ("gpb_expenditure", "2080109", "total", "5.360000", "5.460000", "changed"),
    ]
    assert history == 3


def test_reingesting_the_corpus_twice_changes_no_count_or_checksum(tmp_path):
    from pipelines.ingest import expand_paths
    from tests.conftest import RAW

    con = connect(tmp_path / "w.duckdb")
    checksum = ("select count(*), sum(amount), "
                "bit_xor(hash(document_id, fact_seq, table_kind, func_code, econ_code, item, measure, amount)) from fact_amount")
    for path in expand_paths([RAW]):
        ingest_file(con, path)
    first = con.execute(checksum).fetchone()
    results = [ingest_file(con, path) for path in expand_paths([RAW])]
    second = con.execute(checksum).fetchone()
    documents = con.execute("select count(*) from dim_document").fetchone()[0]
    con.close()
    assert {r.status for r in results} == {"unchanged"}
    assert first == second and first[0] == 932 and documents == 4
