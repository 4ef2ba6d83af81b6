#!/usr/bin/env bash
# Create .venv and install yjs (idempotent; fast when up to date).
#   bash scripts/setup.sh        the runtime: ingest, query, dashboard, Dagster
#   bash scripts/setup.sh test   the runtime plus the test extra (pytest, Playwright, PySpark, Jupyter kernel)
# YJS_SYSTEM_PACKAGES=0 skips apt (install the packages listed below yourself, or do without them).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
PROFILE="${1:-runtime}"
case "$PROFILE" in runtime|test) ;; *) echo "usage: scripts/setup.sh [runtime|test]" >&2; exit 2 ;; esac
say() { echo "setup: $*"; }

# System packages (Debian apt), each with the reason:
#   runtime: tesseract-ocr + tesseract-ocr-chi-sim read scanned (image-only) PDFs.
#   test:    chromium + fonts-noto-cjk drive the dashboard's browser tests and print the PDF fixtures
#            (Playwright cannot download its own browser here); poppler-utils rasterises the scanned
#            fixture; default-jre-headless runs Spark's read-back test of the Parquet export.
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-chi-sim)
if [ "$PROFILE" = test ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
fi
if [ ${#need[@]} -eq 0 ]; then
  say "system packages: all present"
elif [ "${YJS_SYSTEM_PACKAGES:-1}" = 0 ]; then
  say "system packages: skipped (YJS_SYSTEM_PACKAGES=0); missing: ${need[*]}"
else
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "apt-get install ${need[*]} (skip with YJS_SYSTEM_PACKAGES=0) …"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
# The stamp holds the installed profile; test includes runtime, so a test venv serves both.
stamp=.venv/.yjs-installed
installed="$(cat "$stamp" 2>/dev/null || true)"
[ -f "$stamp" ] && [ -z "$installed" ] && installed=test  # an empty stamp: the set-up before the split
if [ -f "$stamp" ] && [ ! pyproject.toml -nt "$stamp" ] && { [ "$installed" = "$PROFILE" ] || [ "$installed" = test ]; }; then
  say ".venv is up to date (${installed:-runtime})"
  exit 0
fi
spec="."; [ "$PROFILE" = test ] && spec=".[test]"
say "pip install -e \"$spec\" into .venv ($PROFILE; the first time takes a few minutes) …"
.venv/bin/python -m pip install --quiet --upgrade pip 2>>.venv/pip-install.log
# pip's own output is one line per package: show a count every 25 packages instead; its warnings
# and errors go to .venv/pip-install.log, shown when it fails.
log=.venv/pip-install.log
if ! .venv/bin/python -m pip install --progress-bar off -e "$spec" 2>"$log" \
  | awk '/^Collecting/ { if (++n % 25 == 0) { print "setup:   " n " packages collected …"; fflush() } }
         /^Installing collected/ { print "setup:   " n+0 " packages collected; installing …"; fflush() }'; then
  say "pip install failed; the end of $log:"; tail -n 30 "$log" >&2; exit 1
fi
echo "$PROFILE" > "$stamp"
say "done: $(du -sh .venv 2>/dev/null | cut -f1) in .venv"
