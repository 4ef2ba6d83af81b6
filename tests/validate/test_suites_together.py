"""One GX validation call for several suites (issue 15 part 4: validation cost per run) flags exactly
what the suites flag one call each: same rows, same failed expectations, same statistics."""

from pathlib import Path

import pytest

from pipelines.ingest import ingest_file
from pipelines.load import connect
from pipelines.validate.comparisons import compute_comparisons
from pipelines.validate.runner import schema_frame
from pipelines.validate.suites import suite_runner
from tests.conftest import SAMPLES

REAL = Path(__file__).resolve().parents[3] / "shared" / "real"
# 包头 社保中心 2024 决算, 公开05表: 2080109 社会保险经办机构 合计 1,213.10 = 基本 1,055.54 + 项目 157.56
GPB_ROW = "2080109\t社会保险经办机构\t1,213.10\t1,055.54\t157.56"
STATISTICS = ("evaluated_expectations", "successful_expectations", "unsuccessful_expectations", "success_percent")


def _frames(tmp_path, paths):
    con = connect(tmp_path / "w.duckdb")
    ids = [ingest_file(con, path).document_id for path in paths]
    comparisons = compute_comparisons(con, ids)
    facts = schema_frame(con)
    con.close()
    return comparisons, facts


def _same(one, other):
    assert one.failed_rows == other.failed_rows
    assert one.failed_by_expectation == other.failed_by_expectation
    assert one.failed_expectations == other.failed_expectations
    assert one.success == other.success and one.evaluated == other.evaluated
    assert {k: one.statistics[k] for k in STATISTICS} == {k: other.statistics[k] for k in STATISTICS}


def _check_together(comparisons, facts):
    runner = suite_runner()
    alone = runner.run_families(comparisons)
    schema_alone = runner.run("schema", facts)
    together = runner.run_families(comparisons, {"schema": (facts, None)})
    assert set(together) == set(alone) | {"schema"}
    for family, outcome in alone.items():
        _same(together[family], outcome)
    _same(together["schema"], schema_alone)
    return together


def test_one_call_flags_what_each_suite_flags_on_the_samples_with_breaks(tmp_path):
    # 包头 05表 2080109 基本支出 printed 1,055.64: RS03 breaks; two facts break the schema suite
    # (an unknown measure, a missing source_text): both suites fail, on known rows
    broken = tmp_path / "baotou-broken.txt"
    text = SAMPLES["baotou_final"].read_text(encoding="utf-8")
    assert GPB_ROW in text
    broken.write_text(text.replace(GPB_ROW, GPB_ROW.replace("1,055.54", "1,055.64"), 1), encoding="utf-8")
    comparisons, facts = _frames(tmp_path, [*SAMPLES.values(), broken])
    facts.loc[3, "measure"] = "bogus_measure"
    facts.loc[7, "source_text"] = None
    facts.loc[7, "missing_required"] = "source_text"
    together = _check_together(comparisons, facts)
    assert together["schema"].failed_rows == {3, 7}
    failed = frozenset().union(*(o.failed_rows for name, o in together.items() if name != "schema"))
    assert "RS03" in set(comparisons.loc[sorted(failed), "rule_id"])


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real disclosures are not at {REAL}")
def test_one_call_flags_what_each_suite_flags_on_guangdong_szczj(tmp_path):
    # 深圳市财政局 2026 预算 (40 pages, ≈ 1,100 facts): the single-report case the call was merged for
    comparisons, facts = _frames(tmp_path, [REAL / "guangdong-szczj-2026-budget.pdf"])
    assert len(comparisons) > 100 and len(facts) > 900
    _check_together(comparisons, facts)
