"""Hostile and broken input through the CLI: each file rejected with its own reason, the rest of
the batch loaded, the rejected file left in place and its status visible in dim_document."""

import os
import shutil

import duckdb
import pytest

from tests.conftest import SAMPLES
from tests.read import hostile_files as hostile
from tests.test_cli import run


def make_inbox(folder):
    folder.mkdir()
    shutil.copy(SAMPLES["haidong_final"], folder / "good.txt")
    pdf = SAMPLES["baotou_final"].read_bytes()[:2000]
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n" + pdf)
    (folder / "encrypted.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Encrypt 2 0 R >> endobj\n%%EOF\n")
    (folder / "error-page.html").write_text("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")
    with open(folder / "huge.txt", "wb") as handle:  # sparse: 300 MB on paper, nothing on disk
        handle.truncate(300 * 2**20)
    os.symlink(folder / "missing.txt", folder / "broken-link.txt")
    os.symlink(folder / "good.txt", folder / "link-to-good.txt")
    sql_name = SAMPLES["haidong_final"].read_text(encoding="utf-8").replace(
        "海东市社会保险服务局", "海东市'; drop table fact_amount; --\"服务局")
    (folder / "sql-looking.txt").write_text(sql_name, encoding="utf-8")
    return {
        "truncated.pdf": "truncated PDF", "encrypted.pdf": "encrypted PDF",
        "error-page.html": "HTML page without tables", "huge.txt": "over the limit file_mb = 50",
        "broken-link.txt": "broken symbolic link",
    }


def test_hostile_batch(tmp_path):
    inbox = tmp_path / "inbox"
    expected = make_inbox(inbox)
    warehouse = tmp_path / "w.duckdb"
    result = run(["ingest", str(inbox)], warehouse)
    assert result.returncode == 2, result.stderr
    rejected = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in result.stderr.splitlines()
                if line.startswith("REJECTED")}
    assert set(rejected) == set(expected)
    for name, reason in expected.items():
        assert reason in rejected[name], rejected[name]
        assert (inbox / name).is_symlink() or (inbox / name).exists()
    con = duckdb.connect(str(warehouse), read_only=True)
    statuses = dict(con.execute("select file_name, status from dim_document").fetchall())
    names = {n for (n,) in con.execute("select unit_name from dim_unit").fetchall()}
    tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
    con.close()
    assert all(statuses[name] == "quarantined" for name in expected)
    assert statuses["good.txt"] == "loaded" and statuses["sql-looking.txt"] == "loaded"
    assert "link-to-good.txt" not in statuses  # same bytes as good.txt: one document
    # names are compacted (no spaces or quotes) like every label; the SQL-looking text is just data
    assert "海东市;droptablefact_amount;--服务局" in names and "fact_amount" in tables


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_rejected(tmp_path):
    path = tmp_path / "secret.txt"
    shutil.copy(SAMPLES["haidong_final"], path)
    path.chmod(0)
    result = run(["ingest", str(path)], tmp_path / "w.duckdb")
    assert result.returncode == 2 and "permission denied" in result.stderr


def test_files_over_the_limits_are_rejected_and_the_batch_loads(tmp_path):
    # issue 16 part 6: a zip bomb, a 5,000-page PDF, a 200 MB text and a 12 MB one in the inbox
    # with a good report; each rejected with its limit named (reference/limits.yaml), the report loaded
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES["haidong_final"], inbox / "good.txt")
    expected = {
        hostile.zip_bomb_xlsx(inbox / "bomb.xlsx").name: "zip_uncompressed_mb",
        hostile.many_pages_pdf(inbox / "pages.pdf").name: "pdf_pages",
        hostile.sparse_text(inbox / "huge.txt").name: "file_mb",
        hostile.long_text(inbox / "long.txt").name: "text_mb",
        hostile.declared_rows_xlsx(inbox / "rows.xlsx").name: "sheet_rows",
    }
    result = run(["ingest", str(inbox)], tmp_path / "w.duckdb")
    assert result.returncode == 2, result.stderr
    rejected = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in result.stderr.splitlines()
                if line.startswith("REJECTED")}
    assert set(rejected) == set(expected)
    for name, limit in expected.items():
        assert f"over the limit {limit} = " in rejected[name], rejected[name]
    assert "LOADED" in result.stdout and "good.txt" in result.stdout
