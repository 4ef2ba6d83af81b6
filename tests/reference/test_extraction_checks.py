"""Every extraction finding the code can raise has its meaning in reference/extraction_checks.yaml (the
catalogue `yjs docs` prints): the check names are read from the source, so a new finding without an entry fails."""

import re
from pathlib import Path

from pipelines.reference import load_yaml

PIPELINES = Path(__file__).resolve().parents[2] / "pipelines"
RAISED = re.compile(r"""(?:\.finding|\bFinding)\(\s*(?:check=)?["']([a-z_]+)["']""")


def raised_checks() -> set[str]:
    return {m.group(1) for path in PIPELINES.rglob("*.py") for m in RAISED.finditer(path.read_text(encoding="utf-8"))}


def test_every_raised_extraction_finding_is_in_the_catalogue():
    catalogue = load_yaml("extraction_checks.yaml")
    raised = raised_checks()
    assert {"row_unmapped", "value_restated", "class_unlisted", "table_unreadable"} <= raised  # the scan sees them
    assert sorted(raised - set(catalogue)) == []


def test_each_entry_has_a_severity_and_a_meaning():
    for name, (severity, text) in load_yaml("extraction_checks.yaml").items():
        assert severity in {"info", "warning", "error"}, name
        assert len(text) > 20, name


def test_the_docs_catalogue_lists_them():
    from pipelines.validate.docs import EXTRACTION_CHECKS

    assert EXTRACTION_CHECKS["extract.value_restated"][0] == "info"
    assert "SC01" in EXTRACTION_CHECKS
