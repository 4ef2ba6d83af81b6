"""What the pipeline makes of the real disclosures in ../shared/real (read in place, never copied).

    .venv/bin/python bench/real_corpus.py [FOLDER] [--markdown]

Every file is ingested into a new warehouse and validated the way `yjs ingest` does; then, per file:
unit, year, stage, scope as read from the text, the status (loaded / quarantined / rejected with its
reason), tables identified and read, facts visible in v_facts, the share of printed amount cells that
became facts, the share of facts verified by an identity, the share of coded facts (功能/经济分类)
verified, facts with a broken identity, quarantined tables, and read speed (pages/s of extraction).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipelines.ingest import expand_paths, ingest_file
from pipelines.load import connect

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real"

PER_DOCUMENT = """
with coded as (
    select document_id,
           count(*) filter (where func_code is not null or econ_code is not null) as coded,
           count(*) filter (where (func_code is not null or econ_code is not null) and verified) as coded_verified,
           count(*) filter (where verified) as verified,
           count(*) filter (where not verified) as broken,
           count(*) as visible
    from v_facts group by document_id
)
select d.file_name, d.unit_name, d.year, d.stage, d.scope, d.status, d.status_reason, d.pages,
       c.printed_cells, c.facts, c.facts_pct, c.quarantined_tables, c.quarantined_facts,
       coalesce(v.visible, 0), coalesce(v.verified, 0), coalesce(v.broken, 0),
       coalesce(v.coded, 0), coalesce(v.coded_verified, 0),
       (select count(*) from doc_table t where t.document_id = d.document_id and t.layout <> 'not_extracted'),
       (select count(*) from doc_table t where t.document_id = d.document_id and t.layout = 'not_extracted')
from dim_document d
left join v_document_coverage c using (document_id)
left join coded v using (document_id)
where d.status <> 'superseded'
order by d.file_name
"""


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "–"


def measure(folder: Path) -> tuple[list[dict], float, int]:
    files = expand_paths([folder])
    files = [f for f in files if f.suffix.lower() != ".md"]
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "real.duckdb")
        from pipelines.validate.runner import validate_documents

        started = time.perf_counter()
        results = [ingest_file(con, path) for path in files]
        extract_seconds = time.perf_counter() - started
        validate_documents(con, [r.document_id for r in results if r.document_id])
        rows = con.execute(PER_DOCUMENT).fetchall()
        pages = sum(r[7] or 0 for r in rows)
        con.close()
    reasons = {Path(r.path).name: r.reason for r in results if r.status == "rejected"}
    table = []
    for (name, unit, year, stage, scope, status, reason, _pages, printed, facts, facts_pct, q_tables, q_facts,
         visible, verified, broken, coded, coded_verified, read, not_read) in rows:
        table.append({
            "file": name, "unit": unit, "year": year, "stage": stage, "scope": scope,
            "status": status if name not in reasons else "rejected",
            "reason": reasons.get(name) or reason or "", "tables": read, "not_read": not_read,
            "visible": visible, "printed": printed or 0, "facts_pct": facts_pct,
            "verified_pct": _pct(verified, visible), "coded_verified_pct": _pct(coded_verified, coded),
            "broken": broken, "quarantined_tables": q_tables or 0,
        })
    return table, extract_seconds, pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    table, seconds, pages = measure(Path(args.folder))
    columns = ["file", "unit", "year", "stage", "scope", "status", "tables", "not_read", "visible", "printed",
               "facts_pct", "verified_pct", "coded_verified_pct", "broken", "quarantined_tables", "reason"]
    if args.markdown:
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for row in table:
            print("| " + " | ".join(str(row[c]) if row[c] is not None else "" for c in columns) + " |")
    else:
        for row in table:
            print("  ".join(f"{c}={row[c]}" for c in columns if row[c] not in (None, "")))
    visible = sum(1 for r in table if r["visible"])
    facts = sum(r["visible"] for r in table)
    printed = sum(r["printed"] for r in table)
    print(f"\n{visible}/{len(table)} files with facts in v_facts; {facts} facts visible of {printed} printed amount "
          f"cells in identified tables; ingest + extraction {seconds:.1f} s for {pages} pages "
          f"({pages / seconds:.1f} pages/s)")


if __name__ == "__main__":
    main()
