"""The Dagster code location loads and its asset graph materializes into a throwaway warehouse."""

import duckdb
import dagster as dg

from pipelines.defs.assets import located_tables, raw_documents, report_facts, warehouse_tables
from pipelines.defs.resources import InboxResource, WarehouseResource
from pipelines.definitions import defs
from tests.conftest import RAW


def test_definitions_load_all_assets():
    keys = {key.to_user_string() for key in defs().resolve_all_asset_keys()}
    assert keys == {"raw_documents", "located_tables", "report_facts", "warehouse_tables"}


def test_asset_graph_materializes_the_samples(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    result = dg.materialize(
        [raw_documents, located_tables, report_facts, warehouse_tables],
        resources={"inbox": InboxResource(path=str(RAW)), "warehouse": WarehouseResource(path=str(warehouse))},
    )
    assert result.success
    con = duckdb.connect(str(warehouse), read_only=True)
    documents = con.execute("select count(*) from dim_document where status = 'loaded'").fetchone()[0]
    facts = con.execute("select count(*) from v_facts").fetchone()[0]
    assert documents == 4
    assert facts == 166 + 206 + 211 + 349


def test_validation_checks_run_after_materialization(tmp_path):
    from pipelines.defs.checks import FAMILIES, validation_checks

    warehouse = tmp_path / "warehouse.duckdb"
    result = dg.materialize(
        [raw_documents, located_tables, report_facts, warehouse_tables, validation_checks],
        resources={"inbox": InboxResource(path=str(RAW)), "warehouse": WarehouseResource(path=str(warehouse))},
    )
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == set(FAMILIES)
    assert all(e.passed for e in evaluations.values())
    assert evaluations["row_sums"].metadata["gx_suite"].data["success"] is True
