#!/usr/bin/env bash
# Set up (if needed: the runtime plus the test extra) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/python -m pytest "$@"
