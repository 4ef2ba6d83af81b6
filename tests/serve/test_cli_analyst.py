"""Analyst CLI: export to partitioned Parquet (read back with pyarrow), units, show, help."""

import signal
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import pyarrow.dataset as ds

from tests.test_cli import YJS, run


def test_export_parquet_partitioned_by_year_and_province_reads_back_with_pyarrow(warehouse, tmp_path):
    out = tmp_path / "out"
    result = run(["export", str(out), "--format", "parquet"], warehouse)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "facts").iterdir() if p.is_dir()) == ["year=2024", "year=2025"]
    assert sorted(p.name for p in (out / "facts" / "year=2025").iterdir()) == ["province=内蒙古自治区"]
    assert (out / "facts" / "_SUCCESS").exists()  # written last; Spark, Trino and pyarrow skip _ files
    table = ds.dataset(out / "facts", format="parquet", partitioning="hive").to_table()
    con = duckdb.connect(str(warehouse), read_only=True)
    expected = con.execute("select count(*), sum(amount) from v_facts").fetchone()
    con.close()
    assert table.num_rows == expected[0] == 932
    assert sum(v.as_py() for v in table.column("amount")) == expected[1]
    assert set(table.column("year").to_pylist()) == {2024, 2025}
    assert set(table.column("province").to_pylist()) == {"内蒙古自治区", "青海省", "辽宁省"}


def test_units_and_show(warehouse):
    units = run(["units"], warehouse)
    assert units.returncode == 0 and "401003" in units.stdout and "海东市社会保险服务局" in units.stdout
    shown = run(["show", "chaoyang"], warehouse)
    assert shown.returncode == 0
    assert "gpb_basic_expenditure" in shown.stdout and "extract.code_repaired" in shown.stdout
    ambiguous = run(["show", "2024"], warehouse)
    assert ambiguous.returncode == 2 and "documents match" in ambiguous.stderr


def test_help_has_examples_in_chinese_and_english_terms(tmp_path):
    result = run(["--help"], tmp_path / "w.duckdb")
    assert result.returncode == 0
    assert "决算 = final account" in result.stdout and "yjs export" in result.stdout
    assert "--install-completion" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serving(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_dashboard_stops_with_sigterm_and_a_taken_port_is_named(warehouse):
    # issue 16: SIGTERM to `yjs dashboard` left Streamlit serving, and the restart failed on the port
    port = _free_port()
    env = {"YJS_WAREHOUSE": str(warehouse), "PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": "/tmp"}
    parent = subprocess.Popen(YJS + ["dashboard", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _serving(port) and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.2)
        assert _serving(port), "the dashboard never listened"
        children = _children(parent.pid)
        assert children, "Streamlit runs in a child process"
        taken = run(["dashboard", "--port", str(port)], warehouse)
        assert taken.returncode == 2 and f"port {port}" in taken.stderr and "--port" in taken.stderr
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=20) == 0
        assert not _serving(port)
        assert not [pid for pid in children if Path(f"/proc/{pid}").exists()
                    and "(Z)" not in Path(f"/proc/{pid}/stat").read_text()[:80]]
    finally:
        if parent.poll() is None:
            parent.kill()
