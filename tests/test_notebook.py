"""The analyst walkthrough (notebooks/walkthrough.ipynb) runs top to bottom and shows the
hand-checked figures of the sample corpus.

The notebook is executed with tools/run_notebook.py (the tool that writes its committed outputs)
into a temporary copy; the notebook in the repository is not touched. Its setup cell reuses the
warehouse named by $YJS_WAREHOUSE, built here, so the run takes seconds.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect
from pipelines.validate.runner import validate_documents

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"
RAW = ROOT / "data" / "raw"
sys.path.insert(0, str(ROOT / "tools"))
from run_notebook import run_notebook  # noqa: E402

FONT = "Noto Sans CJK SC"


def document_id(file_name: str) -> str:
    """Document ids are the first 16 hex digits of the file's sha256."""
    return hashlib.sha256((RAW / file_name).read_bytes()).hexdigest()[:16]


BUDGET_2025 = document_id("baotou-hrss-dept-2025-budget.txt")
BAOTOU_FINAL = document_id("baotou-shebao-center-2024-final.txt")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("walkthrough")
    warehouse = folder / "warehouse.duckdb"
    con = connect(warehouse)
    try:
        results = [ingest_file(con, path) for path in expand_paths([RAW])]
        assert [r.status for r in results] == ["loaded"] * len(results), results
        validate_documents(con, [r.document_id for r in results])
    finally:
        con.close()
    before = NOTEBOOK.read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("YJS_WAREHOUSE", str(warehouse))  # the kernel inherits it
        notebook = run_notebook(NOTEBOOK, output=folder / "walkthrough.ipynb")
    assert NOTEBOOK.read_bytes() == before, "the notebook in the repository must not be rewritten"
    assert (folder / "walkthrough.ipynb").is_file()
    return notebook


def output_text(cell) -> str:
    """Everything a cell printed or returned as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)


def tagged(notebook, tag: str) -> str:
    cells = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag}, found {len(cells)}"
    return output_text(cells[0])


def row(text: str, *keys: str) -> list[str]:
    """The whitespace-separated cells of the one printed line that contains every key."""
    lines = [line for line in text.splitlines() if all(key in line for key in keys)]
    assert len(lines) == 1, f"expected one line with {keys}, found {lines}"
    return lines[0].split()


def test_runs_without_errors_and_reuses_the_warehouse(executed):
    code_cells = [c for c in executed.cells if c.cell_type == "code"]
    assert code_cells and all(c.get("execution_count") for c in code_cells)
    assert not [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert "reusing the warehouse named by $YJS_WAREHOUSE" in tagged(executed, "setup-warehouse")


def test_personnel_share_of_basic_expenditure(executed):
    text = tagged(executed, "q1-personnel-share")
    # 包头 2024 06 表: 人员经费合计 1,222.57 + 公用经费合计 129.90 = 1,352.47 → 90.4 %
    assert row(text, "包头市社会保险事业服务中心")[4:10] == ["1222.57", "129.90", "1352.47", "90.40", BAOTOU_FINAL, "14"]
    assert row(text, "海东市社会保险服务局")[4:8] == ["573.08", "42.27", "615.35", "93.10"]
    assert row(text, "辽宁省朝阳市社会保险事业服务中心")[4:8] == ["748.69", "269.65", "1018.34", "73.50"]
    assert row(text, "包头市人力资源和社会保障局")[4:8] == ["7544.45", "612.00", "8156.45", "92.50"]


def test_three_public_execution(executed):
    text = tagged(executed, "q2-three-public")
    assert row(text, "401003", " final ")[5:10] == ["0.20", "0.17", "85.00", BAOTOU_FINAL, "18"]
    assert row(text, "401003", " budget ")[5:10] == ["0.20", "0.17", "85.00", BUDGET_2025, "23"]
    assert row(text, "401001", " unit ")[5:8] == ["0.30", "3.87", "1290.00"]
    assert row(text, "401001", "department_total")[5:8] == ["27.59", "28.36", "102.80"]
    assert row(text, "海东市社会保险服务局")[5:8] == ["1.20", "NaN", "NaN"]  # 决算数 printed blank


def test_baotou_center_budget_2025_vs_final_2024(executed):
    text = tagged(executed, "q3-budget-vs-final")
    assert row(text, "three_public_total") == [
        "2024", "three_public_total", "0.20", "0.17", "-0.03", "85.00", BUDGET_2025, "23", BAOTOU_FINAL, "18"]
    years = tagged(executed, "q3-three-public")
    assert row(years, "2025", "three_public_total")[3] == "0.20"  # the 2025 budget
    structure = tagged(executed, "q3-structure")
    # 2080109 社会保险经办机构: 2024 决算 1,214.20 (基本 1,056.64, 项目 157.56); 2025 部门预算 2,941.76
    assert row(structure, "2080109")[2:7] == ["1214.20", "1056.64", "157.56", "79.50", "2941.76"]
    assert row(structure, "社会保障和就业支出")[:3] == ["208", "社会保障和就业支出", "1378.36"]


def test_function_class_structure(executed):
    text = tagged(executed, "q4-classes")
    assert row(text, "包头市社会保险事业服务中心", " 208 ")[5:9] == ["1378.36", "90.20", BAOTOU_FINAL, "11"]
    assert row(text, "海东市社会保险服务局", " 208 ")[5:7] == ["576.42", "85.90"]
    assert row(text, "包头市人力资源和社会保障局", " 221 ")[5:7] == ["497.83", "4.80"]


def test_validation_findings_and_coverage(executed):
    counts = tagged(executed, "q5-counts")
    # 9 三公 rows realigned + the narrative's 8.83 % share (NA02) + 3 tables its 目录 lists that the text
    # lacks (TB01, lines 42/58/62); 24 infos: 18 within rounding, 6 类 rows printed by name only
    assert row(counts, "baotou-hrss-dept-2025-budget.txt")[2:6] == ["loaded", "0", "13", "24"]
    # 包头 final: 二、收入决算表 listed (line 43), not in the file (TB01); two narrative percentages
    # consistent only through rounding (NA02 info: 82.73 %, 5.32 %) and 6 类 rows by name
    assert row(counts, "baotou-shebao-center-2024-final.txt")[2:6] == ["loaded", "0", "1", "8"]
    warnings = tagged(executed, "q5-warnings")
    assert warnings.count("extract.row_realigned") == 9 and warnings.count("NA02") == 1 and warnings.count("TB01") == 4
    assert row(warnings, "401003-包头市社会保险事业服务中心")[4:6] == ["23", "764"]
    coverage = tagged(executed, "q5-coverage")
    assert row(coverage, "income")[1:] == ["loaded", "missing", "loaded", "missing"]  # columns: documents by id


def test_lineage_of_one_figure(executed):
    text = tagged(executed, "q6-lineage")
    assert ">  625: '人员经费合计\\t\\t1,222.57\\t\\t\\t公用经费合计\\t\\t\\t129.90'" in text
    assert "source_text: '1,222.57'; amount: 1222.57" in text
    assert "the warehouse figure is the printed cell" in text


def test_charts_are_vega_lite_with_the_cjk_font(executed):
    specs = [output.data["application/vnd.vegalite.v6+json"]
             for cell in executed.cells for output in cell.get("outputs", [])
             if "application/vnd.vegalite.v6+json" in output.get("data", {})]
    assert len(specs) == 4
    assert all(spec["config"]["font"] == FONT and spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
               for spec in specs)
