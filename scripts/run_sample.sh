#!/usr/bin/env bash
# Set up the runtime (no test tools), ingest the embedded sample corpus (data/raw/) into data/warehouse/warehouse.duckdb,
# and show what was loaded. Extra arguments are passed to `yjs ingest`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh runtime
.venv/bin/yjs ingest "$@"
.venv/bin/yjs query "select unit_name, year, stage, scope, count(*) as facts from v_facts group by all order by all"
echo
echo "Query it:  .venv/bin/yjs query \"select * from v_facts limit 20\" --format csv"
echo "Dashboard: .venv/bin/yjs dashboard   (then http://127.0.0.1:8501)"
echo "Dagster:   bash scripts/dagster_dev.sh   (then http://127.0.0.1:3000)"
