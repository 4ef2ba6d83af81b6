"""The Dagster code location: definitions load, a document partition materializes into a throwaway
warehouse, the inbox sensor adds partitions for new or changed files, checks run per rule family."""

import shutil

import dagster as dg
import duckdb

from pipelines.defs.assets import located_tables, raw_document, report_facts, validated_facts, warehouse_tables
from pipelines.defs.checks import FAMILIES, validation_checks
from pipelines.defs.partitions import documents
from pipelines.defs.resources import InboxResource, WarehouseResource
from pipelines.defs.sensors import inbox_sensor
from pipelines.definitions import defs
from tests.conftest import RAW

STAGES = [raw_document, located_tables, report_facts, warehouse_tables]


def resources(inbox, warehouse):
    return {"inbox": InboxResource(path=str(inbox)), "warehouse": WarehouseResource(path=str(warehouse))}


def sensor_keys(instance, inbox, cursor=None):
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"inbox": InboxResource(path=str(inbox))})
    result = inbox_sensor(context)
    return [r.partition_key for r in result.run_requests], result


def test_definitions_load():
    d = defs()
    assert {k.to_user_string() for k in d.resolve_all_asset_keys()} == {
        "raw_document", "located_tables", "report_facts", "warehouse_tables", "validated_facts"}
    assert {s.name for s in d.sensors} == {"inbox_sensor"}
    assert {s.name for s in d.schedules} == {"daily_revalidation"}


def test_sensor_adds_a_partition_per_new_or_changed_file(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(RAW, inbox)
    instance = dg.DagsterInstance.ephemeral()
    keys, result = sensor_keys(instance, inbox)
    assert len(keys) == 4 and all(r.run_key == r.partition_key for r in result.run_requests)
    instance.add_dynamic_partitions(documents.name, keys)
    again, second = sensor_keys(instance, inbox, result.cursor)
    assert again == []
    path = inbox / "haidong-shebao-bureau-2024-final.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a republication
    changed, _ = sensor_keys(instance, inbox, second.cursor)
    assert len(changed) == 1 and changed[0].endswith("haidong-shebao-bureau-2024-final.txt")


def test_partitions_materialize_and_checks_run(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    instance = dg.DagsterInstance.ephemeral()
    keys, _ = sensor_keys(instance, RAW)
    instance.add_dynamic_partitions(documents.name, keys)
    for key in keys:
        result = dg.materialize(STAGES, partition_key=key, instance=instance, resources=resources(RAW, warehouse))
        assert result.success
    result = dg.materialize([validated_facts, validation_checks], instance=instance, resources=resources(RAW, warehouse))
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == set(FAMILIES)
    # The one real finding of the samples (README): the 2025 budget prints 公务接待费 as 8.83 % of 三公
    # (2.56 / 29.10 is at most 8.82 %), so the narrative check fails as a warning, not an error.
    failed = {name: e for name, e in evaluations.items() if not e.passed}
    assert set(failed) == {"narrative"} and failed["narrative"].severity == dg.AssetCheckSeverity.WARN
    assert evaluations["row_sums"].metadata["gx_suite"].data["success"] is True
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from dim_document where status = 'loaded'").fetchone()[0] == 4
    assert con.execute("select count(*) from v_facts").fetchone()[0] == 166 + 206 + 211 + 349
    con.close()


def test_a_rejected_file_is_recorded_not_failed(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_bytes(b"")
    warehouse = tmp_path / "warehouse.duckdb"
    instance = dg.DagsterInstance.ephemeral()
    keys, _ = sensor_keys(instance, inbox)
    instance.add_dynamic_partitions(documents.name, keys)
    result = dg.materialize(STAGES, partition_key=keys[0], instance=instance, resources=resources(inbox, warehouse))
    assert result.success
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select status, status_reason from dim_document").fetchall() == [
        ("quarantined", "the file is empty (0 bytes)")]
    con.close()
    assert (inbox / "empty.txt").exists()
