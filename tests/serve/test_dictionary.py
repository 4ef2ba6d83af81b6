"""`yjs docs` data dictionary: every table and view with its columns, codes with hierarchy, coverage."""

import re

from tests.test_cli import run


def test_docs_build_a_data_dictionary(warehouse, tmp_path):
    out = tmp_path / "docs"
    result = run(["docs", "--out", str(out)], warehouse)
    assert result.returncode == 0, result.stderr
    dictionary = (out / "dictionary.html").read_text(encoding="utf-8")
    for name in ("fact_amount", "dim_document", "v_facts", "v_three_public", "v_budget_vs_final", "v_coverage"):
        assert f"id='{name}'" in dictionary
    # view columns carry their comments; the SQL is shown
    assert "决算 ÷ 预算" in dictionary and "create or replace view v_yoy" in dictionary
    codes = (out / "codes.html").read_text(encoding="utf-8")
    assert "2080109" in codes and "社会保险经办机构" in codes and "30101" in codes
    coverage = re.sub(r"<[^>]+>", "|", (out / "coverage.html").read_text(encoding="utf-8"))
    assert "baotou-shebao-center-2024-final.txt|" in coverage and "|income||missing|" in coverage
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "dictionary.html" in index and "rules.html" in index and "gx/index.html" in index
