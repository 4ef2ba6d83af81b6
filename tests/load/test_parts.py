"""A report split over two files (情况说明 text + 报表 tables) is one report, whichever file comes first:
the narrative part is recorded with its unit key, year and stage (status narrative_part), and its
claims are checked by the rules against the tables document's facts."""

import pickle
from pathlib import Path

import pytest

from pipelines.errors import NarrativePart
from pipelines.ingest import extract_file, ingest_file
from pipelines.load import connect
from pipelines.load.parts import record_narrative_part
from pipelines.validate.runner import validate_documents

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"

# A tables-only file (the unit only on its 部门： line) and the narrative of the same report: the
# narrative restates 人员经费 (120.00, as the table prints it) and 公用经费 (25.00; the table prints 30.00).
TABLES = """部门：包头市档案馆
2026年部门预算公开表

一般公共预算基本支出表
单位：万元
部门预算支出经济分类科目\t\t本年一般公共预算基本支出\t\t
科目编码\t科目名称\t合计\t人员经费\t公用经费
301\t工资福利支出\t120.00\t120.00\t
30101\t基本工资\t120.00\t120.00\t
302\t商品和服务支出\t30.00\t\t30.00
30201\t办公费\t30.00\t\t30.00
合计\t\t150.00\t120.00\t30.00
"""
NARRATIVE = """包头市档案馆
2026年部门预算公开

一、一般公共预算基本支出情况说明

2026年一般公共预算基本支出150.00万元，其中：人员经费120.00万元，公用经费25.00万元。
"""

STATE = {  # every table the pairing writes, without load/validation timestamps
    "documents": "select document_id, file_name, unit_id, unit_name, region, year, stage, scope, status, status_reason, "
                 "tables_found, facts_loaded, version_key, superseded_by from dim_document order by document_id",
    "parts": "select * from doc_part order by all",
    "claims": "select * from doc_claim order by all",
    "part_claims": "select * from part_claim order by all",
    "findings": "select document_id, \"check\", severity, passed, expected, observed, detail, source_page, source_line "
                "from dq_results order by all",
}


@pytest.fixture
def pair(tmp_path):
    tables, narrative = tmp_path / "archive-tables-2026.txt", tmp_path / "archive-text-2026.txt"
    tables.write_text(TABLES, encoding="utf-8")
    narrative.write_text(NARRATIVE, encoding="utf-8")
    return tables, narrative


def _ingest(con, *paths):
    results = [ingest_file(con, path) for path in paths]
    ids = list(dict.fromkeys(d for r in results for d in r.validate_ids))  # as `yjs ingest` lists them
    if ids:
        validate_documents(con, ids)  # as `yjs ingest` does after the batch
    return results


def _state(con):
    return {name: con.execute(sql).fetchall() for name, sql in STATE.items()}


def test_the_narrative_alone_waits_for_its_tables_visible_with_its_key(pair, tmp_path):
    tables, narrative = pair
    con = connect(tmp_path / "w.duckdb")
    (result,) = _ingest(con, narrative)
    row = con.execute("select unit_id, unit_name, year, stage, status, status_reason from dim_document").fetchone()
    claims = con.execute("select count(distinct claim_seq) from part_claim").fetchone()[0]
    orphan = con.execute("select count(*) from doc_claim").fetchone()[0]
    loaded = ingest_file(con, tables)
    tables_unit = con.execute("select unit_id from dim_document where document_id = ?", [loaded.document_id]).fetchone()
    con.close()
    assert result.status == "narrative_part" and result.narrative_part and result.validate_ids == ()
    assert row[0] == tables_unit[0]  # one unit key for both files
    assert row[1:5] == ("包头市档案馆", 2026, "budget", "narrative_part")
    assert "waiting for its tables" in row[5] and "not a budget" not in row[5]
    assert claims == 3 and orphan == 0  # 人员经费, 公用经费, the heading's year; no rule sees them while waiting


def test_both_orders_end_in_the_same_state_and_reingesting_changes_nothing(pair, tmp_path):
    tables, narrative = pair
    first = connect(tmp_path / "tables-first.duckdb")
    _ingest(first, tables)
    _ingest(first, narrative)
    second = connect(tmp_path / "narrative-first.duckdb")
    _ingest(second, narrative)
    _ingest(second, tables)
    together = connect(tmp_path / "one-batch.duckdb")
    _ingest(together, narrative, tables)
    state = _state(first)
    again = _ingest(first, tables, narrative)
    assert {r.status for r in again} == {"unchanged"}
    assert _state(first) == state == _state(second) == _state(together)
    units = first.execute("select count(distinct unit_id) from dim_document").fetchone()[0]
    for con in (first, second, together):
        con.close()
    assert units == 1
    assert len(state["parts"]) == 1 and state["parts"][0][2] == 3
    (narrative_row,) = [d for d in state["documents"] if d[8] == "narrative_part"]
    assert "checked against the tables of archive-tables-2026.txt" in narrative_row[9]


def test_the_narrative_claims_are_checked_against_the_tables_facts(pair, tmp_path):
    tables, narrative = pair
    con = connect(tmp_path / "w.duckdb")
    loaded, part = _ingest(con, tables, narrative)
    assert part.part_of == loaded.document_id and part.validate_ids == (loaded.document_id,)
    na01 = con.execute("select passed, expected, observed, source_page, source_line, detail from dq_results "
                       "where document_id = ? and \"check\" = 'NA01' order by observed", [loaded.document_id]).fetchall()
    copied = con.execute("select claim_seq, claim_id, part_document_id from doc_claim where document_id = ? "
                         "order by claim_seq, target_rank", [loaded.document_id]).fetchall()
    con.close()
    # the tables file's own claims (its heading's year) come first, the narrative's after them
    own = [c for c in copied if c[2] is None]
    assert own and max(c[0] for c in own) < min(c[0] for c in copied if c[2] is not None)
    assert {c[2] for c in copied if c[2]} == {part.document_id}
    # 公用经费 25.00 in the narrative (its line 6) vs 30.00 in the table: a finding on the tables document
    failed = [f for f in na01 if not f[0]]
    assert [(float(f[1]), float(f[2]), f[3], f[4]) for f in failed] == [(30.0, 25.0, 1, 6)]
    assert "公用经费25.00万元" in failed[0][5]


def test_a_narrative_part_crosses_a_process_pool_with_its_claims(pair):
    _, narrative = pair
    part = extract_file(narrative).rejection
    copy = pickle.loads(pickle.dumps(part))
    assert isinstance(copy, NarrativePart)
    assert (copy.meta, copy.claims, copy.source.sha256) == (part.meta, part.claims, part.source.sha256)
    assert copy.source.lines == ()  # the loader needs no lines


def test_bytes_once_recorded_as_a_narrative_part_load_when_they_yield_tables(pair, tmp_path):
    """load_report looks at the status first: a narrative_part row of the same bytes (recorded by
    older code) is not an 'unchanged' report."""
    tables, _ = pair
    con = connect(tmp_path / "w.duckdb")
    record_narrative_part(con, str(tables), NarrativePart(str(tables), "包头市档案馆", 2026, "budget"))
    result = ingest_file(con, tables)
    status = con.execute("select status, facts_loaded from dim_document").fetchall()
    con.close()
    assert result.status == "loaded" and status == [("loaded", result.facts)] and result.facts > 0


def test_a_new_narrative_version_supersedes_the_old_one(pair, tmp_path):
    tables, narrative = pair
    corrected = tmp_path / "archive-text-2026-corrected.txt"
    corrected.write_text(NARRATIVE.replace("25.00", "30.00"), encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    _ingest(con, tables, narrative, corrected)
    statuses = sorted(con.execute("select file_name, status from dim_document").fetchall())
    failed = con.execute("select count(*) from dq_results where \"check\" = 'NA01' and not passed").fetchone()[0]
    copied = con.execute("select distinct part_document_id from doc_claim where part_document_id is not null").fetchall()
    con.close()
    assert statuses == [("archive-tables-2026.txt", "loaded"), ("archive-text-2026-corrected.txt", "narrative_part"),
                        ("archive-text-2026.txt", "superseded")]
    assert failed == 0 and len(copied) == 1


# The real pairs (../shared/real, read in place): narrative 附件1 + tables 附件2 of one report.
# narrative page/line → tables figure, checked by eye: rendaban text p9 "收入、支出预算总计18330.37万元" =
# tables p1 收支预算总表 总计 18,330.37; zhengxie text p7 "收入、支出预算总计10,150.48万元" = tables p1 10,150.48.
# 49 claims each: 43, and a figure and a name for each of the three 类 the narrative states (zhengxie text p8
# "1.一般公共服务（类）支出 7,827.46 万元" / "2.社会保障和就业（类）支出 823.76 万元" / "3.住房保障（类）支出 1,499.26 万元";
# rendaban text p10 the same three 类: 201, 208, 221).
REAL_PAIRS = [
    ("jiangsu-rendaban-text-2019-budget.pdf", "jiangsu-rendaban-tables-2019-budget.pdf", 49, 18330.37),
    ("jiangsu-zhengxie-text-2018-budget.pdf", "jiangsu-zhengxie-tables-2018-budget.pdf", 49, 10150.48),
]


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real disclosures are not at {REAL}")
@pytest.mark.parametrize("text, tables, claims, grand_total", REAL_PAIRS)
def test_a_real_pair_is_one_report_in_either_order(text, tables, claims, grand_total, tmp_path):
    from pipelines.validate.comparisons import compute_comparisons

    states = []
    for order, paths in (("text-first", (REAL / text, REAL / tables)), ("tables-first", (REAL / tables, REAL / text))):
        con = connect(tmp_path / f"{order}.duckdb")
        for path in paths:
            _ingest(con, path)
        states.append(_state(con))
        if order == "tables-first":
            (report_id,) = {p[1] for p in states[-1]["parts"]}
            comparisons = compute_comparisons(con, [report_id])
        con.close()
    assert states[0] == states[1]
    (part,) = states[0]["parts"]
    assert part[2] == claims  # p1-p19: 目录, 收支总表 说明, 三公, 机关运行经费 …
    na01 = comparisons[(comparisons.rule_id == "NA01") & comparisons.subject.str.startswith("grand_total:")]
    assert list(na01.expected) == [grand_total] and list(na01.observed) == [grand_total]
    listed = comparisons[(comparisons.rule_id == "TB01") & comparisons.subject.str.startswith("listed")]
    assert len(listed) == 12 and (listed.observed == 1).all()  # the 12 tables the 目录 lists are in the tables file
