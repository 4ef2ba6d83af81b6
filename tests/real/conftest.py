"""The real disclosures (../shared/real, read in place, never copied) ingested once per session into a
throwaway warehouse and validated, as `yjs ingest ../shared/real` does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
EXPECTED = yaml.safe_load((Path(__file__).parent / "real_corpus.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory):
    if not REAL.is_dir():
        pytest.skip(f"the real disclosures are not at {REAL}")
    from pipelines.ingest import expand_paths, ingest_file
    from pipelines.load import connect
    from pipelines.validate.runner import validate_documents

    con = connect(tmp_path_factory.mktemp("real") / "real.duckdb")
    results = {Path(r.path).name: r for r in (ingest_file(con, p) for p in expand_paths([REAL]) if p.suffix != ".md")}
    validate_documents(con, [r.document_id for r in results.values() if r.document_id])
    yield con, results
    con.close()
