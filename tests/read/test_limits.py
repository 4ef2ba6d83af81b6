"""Bounded work per file (issue 16 part 6): a file over a limit of reference/limits.yaml is rejected
with the limit named, from what it declares about itself, before any reader parses it."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from pipelines.read import dispatch
from pipelines.read.limits import Limits, OverLimit, check_content, check_size, limits
from pipelines.reference import load_yaml
from tests.read import hostile_files as hostile
from tests.read.test_spreadsheet import XLS_SAMPLE

REAL = Path("/work/shared/real")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_reader(monkeypatch):
    """Every reader fails the test if it is called: the limit must be checked before parsing."""
    def parse(path, data):
        raise AssertionError(f"{path} reached its reader")
    for kind in list(dispatch._READERS):
        monkeypatch.setitem(dispatch._READERS, kind, parse)


def rejected(path) -> OverLimit:
    with pytest.raises(OverLimit) as error:
        dispatch.read_document(path)
    return error.value


def test_limits_yaml_names_every_limit_once():
    data = load_yaml("limits.yaml")
    assert set(data) == {f.name for f in fields(Limits)}
    assert all(value > 0 for value in data.values())
    assert limits().pdf_pages >= 100 and limits().workbook_cells >= 10_000  # far above a disclosure


def test_zip_bomb_xlsx_is_rejected_by_its_declared_size(tmp_path, no_reader):
    path = hostile.zip_bomb_xlsx(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 2**20  # 0.2 MB on disk, 200 MB declared
    error = rejected(path)
    assert error.limit == "zip_uncompressed_mb" and "200 MB uncompressed" in error.reason
    assert "zip_uncompressed_mb = 60" in error.reason and "limits.yaml" in error.reason


def test_sheet_dimension_over_the_row_limit_is_rejected(tmp_path, no_reader):
    error = rejected(hostile.declared_rows_xlsx(tmp_path / "declared.xlsx"))
    assert error.limit == "sheet_rows" and "600,000 rows (<dimension>)" in error.reason


def test_rows_are_counted_when_the_sheet_declares_no_dimension(tmp_path, no_reader):
    # the 11 MB workbook of issue 16 (600,000 rows of numbers) took 82 s and 2.6 GB in openpyxl
    error = rejected(hostile.many_rows_xlsx(tmp_path / "rows.xlsx"))
    assert error.limit == "sheet_rows" and "holds more than" in error.reason


def test_cells_over_the_workbook_limit_are_rejected(tmp_path, no_reader):
    # 15,000 rows (under sheet_rows) × 100 columns (A:CV) = 1.5 M cells declared
    path = hostile._xlsx(tmp_path / "wide.xlsx", lambda sheet: sheet.write(
        b'<worksheet><dimension ref="A1:CV15000"/><sheetData></sheetData></worksheet>'))
    error = rejected(path)
    assert error.limit == "workbook_cells" and "1,500,000 cells" in error.reason


def test_pdf_page_count_over_the_limit_is_rejected(tmp_path, no_reader):
    error = rejected(hostile.many_pages_pdf(tmp_path / "pages.pdf"))
    assert error.limit == "pdf_pages" and "5,000 pages" in error.reason


def test_xls_dimensions_record_over_the_row_limit_is_rejected(tmp_path, no_reader):
    sample = gzip.decompress(base64.b64decode(XLS_SAMPLE))
    path = tmp_path / "rows.xls"
    path.write_bytes(hostile.xls_declaring_rows(sample, 600_000))
    error = rejected(path)
    assert error.limit == "sheet_rows" and "600,000 rows (DIMENSIONS)" in error.reason


def test_text_over_text_mb_and_any_file_over_file_mb_are_rejected_unread(tmp_path, no_reader, monkeypatch):
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read whole"))
    text = rejected(hostile.long_text(tmp_path / "long.txt"))
    assert text.limit == "text_mb" and "text file of 12.0 MB" in text.reason
    huge = rejected(hostile.sparse_text(tmp_path / "huge.txt"))
    assert huge.limit == "file_mb" and "200 MB" in huge.reason and "YJS_MAX_MB" in huge.reason


def test_under_the_limits_a_workbook_still_reaches_its_reader(tmp_path):
    sample = gzip.decompress(base64.b64decode(XLS_SAMPLE))
    check_content("sample.xls", "xls", sample)  # 3×1 and 8×5 cells declared
    path = tmp_path / "small.xls"
    path.write_bytes(hostile.xls_declaring_rows(sample, 19_000))  # under sheet_rows: the reader runs
    assert dispatch.read_document(path).source_format == "xls"


@pytest.mark.skipif(not REAL.exists(), reason="the real corpus (/work/shared/real) is not here")
def test_every_real_disclosure_is_within_the_limits():
    # shared/real: 32 PDFs of 10-79 pages (beijing-jxj-tables-2026-budget.pdf 79, shaanxi-xakjj-2022 78) and one HTML
    for path in sorted(REAL.iterdir()):
        if path.suffix in (".pdf", ".html"):
            kind = path.suffix[1:]
            check_size(str(path), path.stat().st_size, kind)
            check_content(str(path), kind, path.read_bytes())


MEASURE = """
import json, sys
from pipelines.read.dispatch import read_document
from pipelines.errors import RejectedInput
try:
    read_document(sys.argv[1]); outcome = "read"
except RejectedInput as error:
    outcome = error.reason
# VmHWM, not getrusage: Linux carries ru_maxrss across exec, so a child forked from a large test
# process would report that process's peak; VmHWM belongs to this program's own memory map
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "max_rss_mb": peak_kb / 1024}))
"""


@pytest.mark.parametrize("make", [hostile.zip_bomb_xlsx, hostile.many_rows_xlsx, hostile.many_pages_pdf,
                                  hostile.sparse_text])
def test_rejection_keeps_memory_bounded(tmp_path, make):
    # in a fresh interpreter, so that its peak resident memory is this file's: the 600,000-row
    # workbook took 2.6 GB in openpyxl; rejected before parsing, the process stays near its start-up size
    path = make(tmp_path / {"zip_bomb_xlsx": "a.xlsx", "many_rows_xlsx": "b.xlsx", "many_pages_pdf": "c.pdf",
                            "sparse_text": "d.txt"}[make.__name__])
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert "over the limit" in measured["outcome"]
    assert measured["max_rss_mb"] < 250, measured
