"""Shared by the benchmarks: a generated corpus of text reports (tools/corpus) in a folder."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
import sys
from pathlib import Path

from pipelines.ingest import expand_paths

ROOT = Path(__file__).resolve().parents[1]


def generated_reports(folder: Path, reports: int, seed: int, years: int = 2, last_year: int = 2024) -> list[Path]:
    """About `reports` reports (units × `years` years up to `last_year` × final and budget), deterministic by seed."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "corpus" / "generate.py"), str(folder), "--units",
                    str(max(1, reports // (2 * years))), "--years", str(years), "--stages", "final,budget",
                    "--seed", str(seed), "--last-year", str(last_year)],
                   check=True, capture_output=True)
    return [p for p in expand_paths([folder]) if p.suffix == ".txt"]


# ---------------------------------------------------------------------------------------------
# A warehouse of millions of facts: a generated corpus ingested once, its units cloned in SQL.

DISTRICTS = ("", "城关区", "新城区", "高新区", "经济开发区", "东区", "西区", "南区", "北区", "郊区", "新区", "开发区", "滨海新区",
             "市中区", "城区", "港区")


def base_warehouse(path: Path, reports: int = 384, seed: int = 7, years: int = 8, last_year: int = 2026,
                   workers: int = 2) -> int:
    """Generate ~`reports` reports (units × `years` years up to `last_year` × budget and final) and
    ingest them into a new warehouse at `path` with the real pipeline, validated as `yjs ingest` does
    (fact_amount.verified…, doc_table.quarantine_reason); the number of facts."""
    import tempfile

    from pipelines.ingest import extract_files, load_extraction
    from pipelines.load import connect

    with tempfile.TemporaryDirectory() as tmp:
        files = generated_reports(Path(tmp) / "corpus", reports, seed, years, last_year)
        con = connect(path)
        for extraction in extract_files(files, workers):
            result = load_extraction(con, extraction)
            assert result.status == "loaded", result
        from pipelines.validate.runner import validate_documents

        validate_documents(con)  # verified / verified_by / broken_by and doc_table.quarantine_reason as ingest sets them
        facts = con.execute("select count(*) from fact_amount").fetchone()[0]
        con.execute("checkpoint")
        con.close()
    return facts


def _unit_id(region: str, name: str) -> str:
    return hashlib.md5(f"{region}|{name}".encode()).hexdigest()[:16]


def _clone_units(con, copies: int, seed: int):
    """Per copy, one new unit for every unit of the base: a new city (and district when the name is
    taken), region, code and an amount factor, so copies are not byte-identical and names are unique."""
    import random

    import pyarrow as pa

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tools.corpus.model import KINDS, cities

    suffixes = sorted((k[0] for k in KINDS), key=len, reverse=True)
    base = con.execute("select unit_id, unit_name, unit_code, region from dim_unit order by unit_id").fetchall()
    used = {name for _, name, _, _ in base}
    ids = {unit_id for unit_id, _, _, _ in base}  # a base unit printed 内蒙古自治区包头市… is keyed as 包头市…
    rows: dict[str, list] = {c: [] for c in ("copy", "base_unit_id", "unit_id", "unit_name", "unit_code", "region", "factor")}
    places = cities()
    for copy in range(1, copies + 1):
        rng = random.Random(f"{seed}|copy|{copy}")
        for base_id, name, code, _ in base:
            suffix = next((s for s in suffixes if name.endswith(s)), name)
            province, city = rng.choice(places)
            region = city if province == city else province + city
            district = next(d for d in itertools.chain(DISTRICTS, (f"第{i}区" for i in itertools.count(1)))
                            if city + d + suffix not in used and _unit_id(region, city + d + suffix) not in ids)
            new_name = city + district + suffix
            used.add(new_name)
            for column, value in (("copy", copy), ("base_unit_id", base_id),
                                  ("unit_id", _unit_id(region, new_name)),
                                  ("unit_name", new_name), ("region", region),
                                  ("unit_code", f"{rng.randint(101, 989)}{rng.randint(0, 999):03d}" if code else None),
                                  ("factor", round(rng.uniform(0.5, 2.0), 3))):
                rows[column].append(value)
    return pa.table(rows)


def grow_warehouse(con, facts: int, seed: int = 7, log=print) -> int:
    """Clone the units of the (base) warehouse until it holds at least `facts` facts: each copy is
    every base document again under new document ids, for new units in other cities (same years,
    stages and layouts; wan_yuan amounts × a per-unit factor). Copies are appended in publication
    order (budgets in their year, finals the year after), documents in id order within a year.
    Returns the number of facts."""
    import time

    base_facts = con.execute("select count(*) from fact_amount").fetchone()[0]
    copies = max(0, -(-facts // base_facts) - 1)
    if not copies:
        return base_facts
    started = time.perf_counter()
    clone_unit = _clone_units(con, copies, seed)  # noqa: F841 (read by name below)
    con.execute("create temp table clone_unit as select copy, base_unit_id, unit_id, unit_name, unit_code, region, "
                "cast(factor as decimal(6, 3)) as factor from clone_unit")
    con.execute("""
        create temp table clone_doc as
        select u.copy, d.document_id as base_document_id, left(md5(d.document_id || '#' || u.copy), 16) as document_id,
               case when d.stage = 'final' then d.year + 1 else d.year end as published
        from dim_document d join clone_unit u on u.base_unit_id = d.unit_id
        where d.status = 'loaded'""")
    con.execute("begin transaction")
    con.execute("insert into dim_unit select unit_id, unit_name, unit_code, region from clone_unit")
    con.execute("insert into dim_unit_name select unit_id, unit_name, region, unit_name, '' from clone_unit")
    con.execute("""
        insert into dim_document select d.* replace (
            c.document_id as document_id, u.unit_name || '-' || d.year || '-' || d.stage || '.txt' as file_name,
            'bench/' || u.unit_name || '-' || d.year || '-' || d.stage || '.txt' as source_path,
            sha256(c.document_id) as sha256, u.unit_id as unit_id, u.unit_name as unit_name, u.unit_code as unit_code,
            u.region as region, left(md5(u.unit_id || '|' || d.year || '|' || d.stage || '|' || d.scope), 16) as version_key)
        from dim_document d join clone_doc c on c.base_document_id = d.document_id
        join clone_unit u on u.copy = c.copy and u.base_unit_id = d.unit_id
        order by c.published, c.document_id""")
    for table in ("doc_table", "dq_results", "doc_claim", "class_label"):
        con.execute(f"insert into {table} select t.* replace (c.document_id as document_id) from {table} t "
                    f"join clone_doc c on c.base_document_id = t.document_id order by c.published, c.document_id")
    years = [y for (y,) in con.execute("select distinct published from clone_doc order by 1").fetchall()]
    for year in years:  # one publication year at a time: bounded memory, realistic order
        con.execute("""
            insert into fact_amount
            select f.* replace (
                   c.document_id as document_id, u.unit_id as unit_id,
                   case when f.unit_of_measure = 'wan_yuan' then cast(round(f.amount * u.factor, 2) as decimal(20, 6))
                        else f.amount end as amount,
                   case when f.unit_of_measure = 'wan_yuan' then cast(f.amount_exact * u.factor as decimal(24, 6))
                        else f.amount_exact end as amount_exact,
                   case when f.unit_of_measure <> 'wan_yuan' then f.source_text
                        when f.original_unit = 'yuan' then cast(cast(f.amount_exact * u.factor * 10000 as decimal(18, 2)) as varchar)
                        else cast(cast(round(f.amount * u.factor, 2) as decimal(18, 2)) as varchar) end as source_text)
            from fact_amount f join clone_doc c on c.base_document_id = f.document_id
            join clone_unit u on u.copy = c.copy and u.base_unit_id = f.unit_id
            where c.published = ?
            order by c.document_id, f.fact_seq""", [year])
        log(f"  facts of documents published in {year} copied ({time.perf_counter() - started:.0f} s)")
    con.execute("""
        insert into doc_fact_unit
        select c.document_id, u.unit_id, s.scope, s.unit_of_measure, s.facts
        from doc_fact_unit s join clone_doc c on c.base_document_id = s.document_id
        join clone_unit u on u.copy = c.copy and u.base_unit_id = s.unit_id""")
    con.execute("commit")
    from pipelines.load.schema import refresh_unit_kinds

    refresh_unit_kinds(con)
    con.execute("drop table clone_doc")
    con.execute("drop table clone_unit")
    con.execute("checkpoint")
    return con.execute("select count(*) from fact_amount").fetchone()[0]
