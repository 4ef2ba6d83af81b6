#!/usr/bin/env bash
# The Dagster UI and daemon (`dagster dev`, http://127.0.0.1:3000) with a persistent instance:
# run history, sensor cursors, partitions and schedules live in $DAGSTER_HOME (default .dagster/ in
# the project, git-ignored), so a restart neither forgets them nor re-ingests the inbox.
# Extra arguments go to `dagster dev` (e.g. -p 3001).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/dagster ] || bash scripts/setup.sh runtime
export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster}"
mkdir -p "$DAGSTER_HOME"
# An empty dagster.yaml: the default (SQLite) storage under $DAGSTER_HOME, without the warning
# Dagster prints when the file is missing.
[ -f "$DAGSTER_HOME/dagster.yaml" ] || echo "# Dagster instance settings (defaults: SQLite storage in this folder)" > "$DAGSTER_HOME/dagster.yaml"
echo "dagster dev: DAGSTER_HOME=$DAGSTER_HOME, inbox ${YJS_RAW:-data/raw}, warehouse ${YJS_WAREHOUSE:-data/warehouse/warehouse.duckdb}"
exec .venv/bin/dagster dev "$@"  # the code location: [tool.dagster] in pyproject.toml
