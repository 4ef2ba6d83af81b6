"""Crash safety and concurrency through the CLI: kill -9 mid-batch, a second writer, readers during a load."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipelines.load.lock import writer_lock
from tests.conftest import RAW

YJS = [sys.executable, "-m", "pipelines.cli"]
PER_COPY_FACTS = 166 + 206 + 211 + 349


def env_for(warehouse: Path) -> dict:
    return {"YJS_WAREHOUSE": str(warehouse), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}


def make_copies(folder: Path, copies: int) -> Path:
    folder.mkdir()
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for copy in range(copies):
            (folder / f"{copy:02d}-{path.name}").write_text(text + f"\n<!-- copy {copy} -->\n", encoding="utf-8")
    return folder


def consistent(warehouse: Path) -> tuple[int, int]:
    """Every document present is complete; returns (documents, facts)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        broken = con.execute(
            "select d.document_id, d.facts_loaded, count(f.fact_seq) from dim_document d "
            "left join fact_amount f using (document_id) group by all having d.facts_loaded <> count(f.fact_seq)"
        ).fetchall()
        assert broken == [], broken
        duplicates = con.execute(
            "select count(*) from (select document_id, fact_seq from fact_amount group by all having count(*) > 1)"
        ).fetchone()[0]
        assert duplicates == 0
        return con.execute("select count(*), (select count(*) from fact_amount) from dim_document").fetchone()
    finally:
        con.close()


def test_kill_9_mid_load_leaves_no_partial_document_and_rerun_completes(tmp_path):
    copies = 30  # 120 documents: the kill comes when the first one is reported loaded, long before the last
    inbox = make_copies(tmp_path / "inbox", copies)
    warehouse = tmp_path / "w.duckdb"
    process = subprocess.Popen(YJS + ["ingest", "--no-validate", str(inbox)], env=env_for(warehouse),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()  # one line per document, printed once it is committed
    assert first.startswith("LOADED"), first + process.stderr.read()
    assert process.poll() is None, "the batch finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    documents, _ = consistent(warehouse)
    assert 0 < documents < 4 * copies
    rerun = subprocess.run(YJS + ["ingest", "--no-validate", str(inbox)], env=env_for(warehouse),
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert consistent(warehouse) == (4 * copies, copies * PER_COPY_FACTS)


def test_second_writer_stops_with_a_clear_message(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with writer_lock(warehouse):
        result = subprocess.run(YJS + ["ingest", str(RAW)], env=env_for(warehouse), capture_output=True, text=True)
    assert result.returncode == 1
    assert "is being written by pid" in result.stderr and str(warehouse) in result.stderr.replace("\n", "")


def test_read_only_queries_work_while_a_batch_loads(tmp_path):
    inbox = make_copies(tmp_path / "inbox", 4)
    warehouse = tmp_path / "w.duckdb"
    subprocess.run(YJS + ["ingest", "--no-validate", str(RAW / "haidong-shebao-bureau-2024-final.txt")],
                   env=env_for(warehouse), check=True, capture_output=True)
    process = subprocess.Popen(YJS + ["ingest", "--no-validate", str(inbox)], env=env_for(warehouse),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    answers = []
    while process.poll() is None:
        result = subprocess.run(YJS + ["query", "select count(*) from dim_document", "--format", "csv"],
                                env=env_for(warehouse), capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        answers.append(int(result.stdout.splitlines()[1]))
    assert process.wait() == 0
    assert len(answers) >= 2 and answers == sorted(answers)
