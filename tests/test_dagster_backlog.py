"""The backlog job (pipelines/defs/backlog.py): a folder of reports fanned out to extraction steps and
loaded by one writer — in process, across processes (multiprocess executor, dynamic mapping) and on
a dask cluster (a distributed.LocalCluster reached through its scheduler address, as in production).
Every run must load the same 932 facts and record the bad files as rejections, not fail."""

import os
import shutil
from decimal import Decimal

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.defs import backlog, backlog_ops
from pipelines.defs.executors import executor_config, executor_kind
from tests.conftest import RAW

FACTS = {  # per sample, as tests/test_dagster.py and the README count them
    "baotou-shebao-center-2024-final.txt": 166,
    "haidong-shebao-bureau-2024-final.txt": 211,
    "chaoyang-shebao-center-2024-final.txt": 206,
    "baotou-hrss-dept-2025-budget.txt": 349,
}
# No compute-log capture (the tests don't read it): Dagster stops the `tail -F` of each step's logs
# with SIGTERM, and a dask worker that inherited an ignored SIGTERM (seen when started from a
# background script) makes every step wait 2 × 30 s for it.
INSTANCE = {"telemetry": {"enabled": False},
            "compute_logs": {"module": "dagster._core.storage.noop_compute_log_manager",
                             "class": "NoOpComputeLogManager"}}
REJECTED = {
    "empty.txt": "the file is empty (0 bytes)",
    "minutes.txt": "not a budget/final-account report: no standard budget/final-account table was found",
}


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "backlog"
    shutil.copytree(RAW, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "minutes.txt").write_text("局务会议纪要\n\n会议研究了年度工作安排。\n", encoding="utf-8")
    return folder


def run_backlog(tmp_path, inbox, executor, chunk_size=2, validate=True, **job_args):
    """Execute the job reconstructably (what the webserver does) on a persistent temporary instance;
    the folder comes in the run config, as in production."""
    job = dg.build_reconstructable_job(
        "pipelines.defs.backlog", "build_backlog_job", reconstructable_args=(executor,),
        reconstructable_kwargs={"warehouse": str(tmp_path / "warehouse.duckdb"), "io_dir": str(tmp_path / "io"),
                                **job_args})
    home = tmp_path / "dagster_home"
    home.mkdir()
    with dg.DagsterInstance.local_temp(str(home), overrides=INSTANCE) as instance:
        ops = {"load_backlog": {"config": {"validate_after": validate}}}
        if executor != "dask" and not job_args.get("shards"):  # the dynamic fan-out
            ops["backlog_files"] = {"config": {"chunk_size": chunk_size}}
        result = dg.execute_job(job, instance=instance, run_config={
            "resources": {"backlog": {"config": {"folder": str(inbox)}}}, "ops": ops})
        assert result.success
        steps = {e.step_key: e for e in result.get_step_success_events()}
        outputs = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    return steps, outputs


def warehouse_state(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    try:
        return {
            "facts": con.execute("select count(*), sum(amount) from v_facts").fetchone(),
            "documents": dict(con.execute(
                "select file_name, facts_loaded from dim_document where status = 'loaded'").fetchall()),
            "rejected": dict(con.execute(
                "select file_name, status_reason from dim_document where status = 'quarantined'").fetchall()),
            "validated": con.execute("select count(*) from dq_results where \"check\" not like 'extract.%'").fetchone()[0],
        }
    finally:
        con.close()


def extract_pids(outputs):
    return {e.event_specific_data.metadata["pid"].value for e in outputs
            if e.step_key.startswith("extract") and "pid" in e.event_specific_data.metadata}


def test_backlog_job_is_in_the_code_location():
    job = defs().resolve_job_def("ingest_backlog")
    assert {"warehouse", "backlog", "io_manager", "extractions_io_manager"} <= set(job.resource_defs)
    assert job.executor_def.name == executor_kind()  # $YJS_EXECUTOR, multiprocess when unset


def test_executor_from_environment(monkeypatch):
    monkeypatch.setenv("YJS_EXECUTOR", "dask")
    monkeypatch.setenv("YJS_DASK_SCHEDULER", "tcp://10.0.0.5:8786")
    assert executor_kind() == "dask"
    assert executor_config("dask") == {"config": {"cluster": {"existing": {"address": "tcp://10.0.0.5:8786"}}}}
    job = backlog.build_backlog_job()
    assert job.executor_def.name == "dask" and job.graph.has_node_named("extract_31")  # static fan-out
    monkeypatch.setenv("YJS_EXECUTOR", "multiprocess")
    monkeypatch.setenv("YJS_MAX_CONCURRENT", "3")
    assert executor_config("multiprocess")["config"]["max_concurrent"] == 3
    monkeypatch.setenv("YJS_EXECUTOR", "spark")
    with pytest.raises(ValueError, match="YJS_EXECUTOR"):
        executor_kind()


def test_backlog_in_process_loads_the_samples_and_records_rejections(tmp_path, inbox):
    steps, _ = run_backlog(tmp_path, inbox, "in_process", chunk_size=2)
    assert sum(key.startswith("extract_batch[") for key in steps) == 3  # 6 files, 2 per step
    state = warehouse_state(tmp_path)
    assert state["facts"] == (sum(FACTS.values()), Decimal("535421.47")) and sum(FACTS.values()) == 932
    assert state["documents"] == FACTS
    assert state["rejected"] == REJECTED
    assert state["validated"] > 0  # the suites ran on what loaded (e.g. the ±0.01 尾数误差 infos)
    assert (inbox / "empty.txt").exists() and (inbox / "minutes.txt").exists()  # bad files stay in place


def test_an_extractor_crash_is_recorded_as_a_rejection(tmp_path, inbox, monkeypatch):
    extract = backlog.extract_for_worker

    def crash_on_haidong(path):
        if path.name.startswith("haidong"):
            raise ZeroDivisionError("division by zero")
        return extract(path)

    monkeypatch.setattr(backlog_ops, "extract_for_worker", crash_on_haidong)  # the extraction step looks it up there
    steps, _ = run_backlog(tmp_path, inbox, "in_process", validate=False, shards=1)  # the static fan-out, in process
    assert {key for key in steps if key.startswith("extract")} == {"extract_00"}
    state = warehouse_state(tmp_path)
    assert state["facts"][0] == 932 - FACTS["haidong-shebao-bureau-2024-final.txt"]
    assert state["rejected"]["haidong-shebao-bureau-2024-final.txt"] == (
        "extraction failed: ZeroDivisionError: division by zero")


def test_backlog_multiprocess_dynamic_fan_out(tmp_path, inbox):
    in_process = tmp_path / "in_process"
    in_process.mkdir()
    run_backlog(in_process, inbox, "in_process", chunk_size=6, validate=False)
    steps, outputs = run_backlog(tmp_path, inbox, "multiprocess", chunk_size=3, validate=False, max_concurrent=2)
    assert sum(key.startswith("extract_batch[") for key in steps) == 2
    assert os.getpid() not in extract_pids(outputs)  # extractions crossed process boundaries (fs IO manager)
    assert warehouse_state(tmp_path)["facts"] == warehouse_state(in_process)["facts"]


def test_backlog_on_a_dask_cluster(tmp_path, inbox):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            workers = set(client.run(os.getpid).values())
        steps, outputs = run_backlog(tmp_path, inbox, "dask", scheduler=cluster.scheduler_address, shards=3)
    assert {key for key in steps if key.startswith("extract_")} == {"extract_00", "extract_01", "extract_02"}
    assert extract_pids(outputs) <= workers  # the extractions ran in the cluster's worker processes
    state = warehouse_state(tmp_path)
    assert state["facts"] == (932, Decimal("535421.47"))
    assert state["documents"] == FACTS and state["rejected"] == REJECTED


def test_a_narrative_part_arriving_later_validates_its_tables_document(tmp_path):
    """The narrative half of a split report (tests/load/test_parts.py) arriving in a later backlog run: its
    claims are checked against the tables loaded by the first run, so the run validates the tables document
    (IngestResult.validate_ids), not the narrative part on its own — 公用经费 25.00 vs the table's 30.00 is found."""
    from tests.load.test_parts import NARRATIVE, TABLES

    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    (first / "archive-tables-2026.txt").write_text(TABLES, encoding="utf-8")
    (later / "archive-text-2026.txt").write_text(NARRATIVE, encoding="utf-8")
    (tmp_path / "run1").mkdir()
    run_backlog(tmp_path / "run1", first, "in_process")
    shutil.copy(tmp_path / "run1" / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    run_backlog(tmp_path, later, "in_process")
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    try:
        tables_id = con.execute("select document_id from dim_document where status = 'loaded'").fetchone()[0]
        failed = con.execute("select document_id, expected, observed from dq_results where \"check\" = 'NA01' "
                             "and not passed").fetchall()
    finally:
        con.close()
    assert [(d, float(e), float(o)) for d, e, o in failed] == [(tables_id, 30.0, 25.0)]
