"""The yjs CLI end to end: ingest a batch with bad files in it, then query read-only."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

YJS = [sys.executable, "-m", "pipelines.cli"]


def run(args, env_path, **kwargs):
    env = {"YJS_WAREHOUSE": str(env_path), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    return subprocess.run(YJS + args, capture_output=True, text=True, env=env, **kwargs)


def make_bad_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "garbage.bin",
        "not_a_report": folder / "novel.txt",
        "gbk": folder / "gbk-report.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 20)
    files["not_a_report"].write_text("第一章\n\n这是一篇小说，没有任何预算表格。\n", encoding="utf-8")
    files["gbk"].write_bytes(SAMPLES["haidong_final"].read_text(encoding="utf-8").encode("gb18030"))
    return files


def test_bad_inputs_are_rejected_by_name_and_the_batch_still_loads(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = make_bad_inputs(inbox)
    shutil.copy(SAMPLES["baotou_final"], inbox / "good.txt")
    result = run(["ingest", str(inbox)], tmp_path / "w.duckdb")
    assert result.returncode == 2, result.stderr
    rejected = [line for line in result.stderr.splitlines() if line.startswith("REJECTED")]
    assert len(rejected) == 4
    for name, path in bad.items():
        line = next(l for l in rejected if str(path) in l)
        assert path.exists(), "a rejected file stays where it was"
        assert {"empty": "empty", "binary": "not a text report", "not_a_report": "no standard",
                "gbk": "GBK/GB18030"}[name] in line
    assert "LOADED" in result.stdout and "good.txt" in result.stdout
    counts = run(["query", "select count(*) as n from v_facts", "--format", "json"], tmp_path / "w.duckdb")
    assert json.loads(counts.stdout)[0]["n"] == 166


def test_ingest_twice_changes_nothing(tmp_path):
    first = run(["ingest", str(SAMPLES["haidong_final"])], tmp_path / "w.duckdb")
    second = run(["ingest", str(SAMPLES["haidong_final"])], tmp_path / "w.duckdb")
    assert first.returncode == second.returncode == 0
    assert "UNCHANGED" in second.stdout
    counts = run(["query", "select count(*) n, sum(amount) s from fact_amount", "--format", "csv"], tmp_path / "w.duckdb")
    assert counts.stdout.splitlines()[1].startswith("211,")


def test_query_connection_is_read_only(tmp_path):
    run(["ingest", str(SAMPLES["haidong_final"])], tmp_path / "w.duckdb")
    result = run(["query", "delete from fact_amount"], tmp_path / "w.duckdb")
    assert result.returncode == 2  # refused before it runs (DuckDB's statement type), not an SQL error
    assert "DELETE is not a read" in result.stderr
    assert run(["query", "select count(*) from fact_amount", "-f", "csv"], tmp_path / "w.duckdb").stdout == "count_star()\n211\n"


def test_query_formats(tmp_path):
    run(["ingest", str(SAMPLES["baotou_budget"])], tmp_path / "w.duckdb")
    sql = ("select amount from v_facts where unit_code = '401003' and item = 'three_public_total' "
           "and measure = 'budget'")
    csv_out = run(["query", sql, "--format", "csv"], tmp_path / "w.duckdb").stdout.splitlines()
    assert csv_out == ["amount", "0.200000"]  # DECIMAL(20,6): 万元 exactly as printed
    table_out = run(["query", sql], tmp_path / "w.duckdb").stdout
    assert "0.20" in table_out


def test_parallel_extraction_loads_the_same_facts(tmp_path):
    serial = run(["ingest", "--no-validate", str(SAMPLES["baotou_final"].parent)], tmp_path / "a.duckdb")
    parallel = run(["ingest", "--no-validate", "--workers", "2", str(SAMPLES["baotou_final"].parent)], tmp_path / "b.duckdb")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    for sql in ("select count(*) n, sum(amount) s from fact_amount",
                "select sum(rows_read), sum(facts), count(*) from doc_table",
                "select sum(pages), sum(facts_loaded) from dim_document"):
        assert run(["query", sql, "-f", "csv"], tmp_path / "a.duckdb").stdout == run(
            ["query", sql, "-f", "csv"], tmp_path / "b.duckdb").stdout, sql
