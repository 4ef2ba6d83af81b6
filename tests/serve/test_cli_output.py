"""What `yjs` prints at 100 columns, run as the user runs it (a subprocess, COLUMNS=100): issue 16 part 3."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from rich.text import Text

from pipelines.serve.paths import resolve_defaults
from tests.conftest import ROOT
from tests.test_cli import YJS

WIDTH = 100


def run100(args, warehouse, cwd=None, **env):
    environ = {"PATH": "/usr/bin:/bin", "COLUMNS": str(WIDTH), **env}
    if warehouse is not None:
        environ["YJS_WAREHOUSE"] = str(warehouse)
    return subprocess.run(YJS + args, capture_output=True, text=True, env=environ, cwd=cwd or ROOT)


def widest(text: str) -> int:
    return max((Text(line).cell_len for line in text.splitlines()), default=0)


@pytest.fixture
def own_warehouse(warehouse, tmp_path):
    """A copy of the session's sample warehouse (validate writes dq_results)."""
    path = tmp_path / "w.duckdb"
    shutil.copy(warehouse, path)
    return path


def test_validate_of_the_four_samples_fits_100_columns_in_40_lines(own_warehouse):
    # before: 155 lines for 10 warnings (rich table, detail 13 characters wide, nan for expected/observed)
    result = run100(["validate"], own_warehouse)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 40 and widest(result.stdout) <= WIDTH, result.stdout
    assert lines[0].startswith("validated 4 documents: 0 errors, 14 warnings")  # the counts first
    assert "nan" not in result.stdout.split() and "┃" not in result.stdout
    # grouped: one heading per document with its counts, the check's rule once, one line per finding
    assert "baotou-hrss-dept-2025-budget.txt (e58cfc35485c3809): 13 warnings" in result.stdout
    assert result.stdout.count("warning extract.row_realigned ×9") == 1
    assert "three_public p23 l757 «401004-包头市技工教育发展促进中心»" in result.stdout
    assert "three_public p10 l334" in result.stdout and "expected 8.80, observed 8.83" in result.stdout


def test_validate_full_keeps_every_word(own_warehouse):
    result = run100(["validate", "--full"], own_warehouse)
    assert "tolerance ±0.03" in result.stdout.replace("\n", "")  # the end of NA02's detail, cut without --full
    assert not [line for line in result.stdout.splitlines() if line.endswith("…")]  # nothing cut


def test_query_at_100_columns_is_readable(warehouse):
    # before: every column of v_facts shown as "d…"
    wide = run100(["query", "select * from v_facts where document_id like 'e58c%' limit 2"], warehouse)
    assert wide.returncode == 0, wide.stderr
    assert widest(wide.stdout) <= WIDTH and "d…" not in wide.stdout
    assert "document_id     │ e58cfc35485c3809" in wide.stdout and "(2 rows)" in wide.stdout
    narrow = run100(["query", "select unit_code, count(*) n from v_facts group by 1 order by 1 limit 3"], warehouse)
    assert "┃ unit_code ┃" in narrow.stdout and widest(narrow.stdout) <= WIDTH  # fits: a table


def test_query_refuses_what_is_not_a_read(warehouse, tmp_path):
    target = tmp_path / "out.csv"
    for sql, words in (("", "no SQL statement"), ("  ;  ", "no SQL statement"),
                       (f"copy (select 1) to '{target}'", "COPY is not a read"),
                       (f"attach '{tmp_path / 'other.duckdb'}' as other", "ATTACH is not a read"),
                       ("select 1; select 2", "2 statements")):
        result = run100(["query", sql], warehouse)
        assert result.returncode == 2 and words in result.stderr, (sql, result.stderr)
        assert "Traceback" not in result.stderr
    assert not target.exists() and not (tmp_path / "other.duckdb").exists()
    syntax = run100(["query", "selec 1"], warehouse)
    assert syntax.returncode == 1 and "Parser Error" in syntax.stderr
    assert run100(["query", "with t as (select 41 + 1 as n) select n from t", "-f", "csv"], warehouse).stdout == "n\n42\n"


def test_warehouse_path_is_the_projects_from_any_folder(tmp_path):
    environ = {}
    chosen = resolve_defaults(environ)
    assert chosen["YJS_WAREHOUSE"] == str(ROOT / "data" / "warehouse" / "warehouse.duckdb")
    assert chosen["YJS_RAW"] == str(ROOT / "data" / "raw")
    assert resolve_defaults({"YJS_WAREHOUSE": "/elsewhere.duckdb"}).get("YJS_WAREHOUSE") is None
    elsewhere = run100(["query", "select 1 as one", "-f", "csv"], None, cwd=tmp_path)
    if (ROOT / "data" / "warehouse" / "warehouse.duckdb").exists():
        assert elsewhere.returncode == 0 and elsewhere.stdout == "one\n1\n", elsewhere.stderr
    else:
        assert elsewhere.returncode == 2 and str(ROOT / "data" / "warehouse") in elsewhere.stderr.replace("\n", "")
        assert "project's default" in elsewhere.stderr
    missing = run100(["query", "select 1"], tmp_path / "none.duckdb", cwd=tmp_path)
    assert missing.returncode == 2 and "none.duckdb" in missing.stderr and "$YJS_WAREHOUSE" in missing.stderr


def test_show_lists_the_documents_a_name_matches(warehouse):
    result = run100(["show", "baotou"], warehouse)
    assert result.returncode == 2 and "2 documents match 'baotou'" in result.stderr
    assert "baotou-hrss-dept-2025-budget.txt" in result.stderr and "baotou-shebao-center-2024-final.txt" in result.stderr
    one = run100(["show", "chaoyang"], warehouse)
    assert one.returncode == 0 and widest(one.stdout) <= WIDTH
    assert "gpb_basic_expenditure 06 grouped loaded 26 cells, 26 facts" in one.stdout
