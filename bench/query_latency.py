"""Query latency of the analyst views at scale (issue "Performance and scale"): one unit, one year and
the full aggregation by 类 × year, plus ad-hoc aggregations on v_facts, at ~1 M and ~10 M facts.

    .venv/bin/python bench/query_latency.py [--facts 1000000 10000000] [--repeat 5] [--workdir /tmp/yjs-bench]
    .venv/bin/python bench/query_latency.py --facts 10000000 --explain v_yoy/unit   # EXPLAIN ANALYZE one question
    .venv/bin/python bench/query_latency.py --before 06640b0    # also the views of that commit, same run

The warehouse: ~384 generated reports (24 units × 2019–2026 × budget and final, tools/corpus) ingested
with the real pipeline, then its units cloned in SQL (bench/corpus.py: new document ids, units in other
cities and districts, amounts × a per-unit factor) up to the number of facts asked for, appended in
publication order. A one-unit question touches ~16 of ~46,000 documents at 10 M facts.

Every question runs once to warm up, then --repeat times on a read-only connection (as `yjs query`
opens it); the median is printed with the target: one unit or one year < 200 ms, the aggregation
by 类 × year and the full-scan ad-hoc aggregations < 1 s (the targets are for 10 M facts). A one-year
question asks about one 类 (or item) of every unit in that year; "cpu ms" is the CPU time of the
process (all DuckDB threads), which says more than the wall time when other work shares the cores.
Warehouses are kept in --workdir and reused when they already hold the facts asked for.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import duckdb
from corpus import ROOT, base_warehouse, grow_warehouse

from pipelines.load import connect

UNIT_MS, YEAR_MS, FULL_MS = 200, 200, 1000
YEAR = 2024

# (view, question, target ms, SQL); $unit is a unit name, $year a fiscal year
QUESTIONS: list[tuple[str, str, int, str]] = [
    ("v_facts", "unit", UNIT_MS, "select * from v_facts where unit_name = $unit"),
    ("v_facts", "year", YEAR_MS,
     ("select unit_name, region, stage, "
      "sum(amount) filter (where item = 'personnel_total') / nullif(sum(amount) filter (where item in "
      "('personnel_total', 'public_use_total')), 0) as personnel_share "
      "from v_facts where year = $year and table_kind = 'gpb_basic_expenditure' group by all")),
    ("v_facts", "class×year", FULL_MS,
     ("select left(func_code, 3) as class_code, year, stage, sum(amount) from v_facts "
      "where table_kind = 'expenditure' and measure = 'total' and length(func_code) = 3 group by all")),
    ("v_expenditure_by_function", "unit", UNIT_MS, "select * from v_expenditure_by_function where unit_name = $unit"),
    ("v_expenditure_by_function", "year", YEAR_MS,
     "select * from v_expenditure_by_function where year = $year and class_code = '208' and level = 1"),
    ("v_expenditure_by_function", "class×year", FULL_MS,
     ("select class_code, year, stage, sum(total), sum(basic), sum(project) from v_expenditure_by_function "
      "where level = 1 group by all")),
    ("v_basic_by_econ", "unit", UNIT_MS, "select * from v_basic_by_econ where unit_name = $unit"),
    ("v_basic_by_econ", "year", YEAR_MS, "select * from v_basic_by_econ where year = $year and econ_code = '301'"),
    ("v_basic_by_econ", "class×year", FULL_MS,
     ("select class_code, year, stage, sum(personnel), sum(public_use), sum(total) from v_basic_by_econ "
      "where level = 1 group by all")),
    ("v_three_public", "unit", UNIT_MS, "select * from v_three_public where unit_name = $unit"),
    ("v_three_public", "year", YEAR_MS,
     "select * from v_three_public where fiscal_year = $year and item = 'three_public_total'"),
    ("v_three_public", "item×year", FULL_MS,
     ("select item, fiscal_year, reported_in, sum(budget_amount), sum(final_amount), avg(execution_rate) "
      "from v_three_public group by all")),
    ("v_budget_vs_final", "unit", UNIT_MS, "select * from v_budget_vs_final where unit_name = $unit"),
    ("v_budget_vs_final", "year", YEAR_MS,
     "select * from v_budget_vs_final where fiscal_year = $year and table_kind = 'expenditure' and func_code = '208'"),
    ("v_budget_vs_final", "class×year", FULL_MS,
     ("select left(func_code, 3) as class_code, fiscal_year, measure, sum(budget_amount), sum(final_amount) "
      "from v_budget_vs_final where table_kind = 'expenditure' and length(func_code) = 3 group by all")),
    ("v_yoy", "unit", UNIT_MS, "select * from v_yoy where unit_name = $unit"),
    ("v_yoy", "year", YEAR_MS,
     ("select * from v_yoy where year = $year and table_kind = 'expenditure' and func_code = '208' "
      "and measure = 'total'")),
    ("v_yoy", "class×year", FULL_MS,
     ("select left(func_code, 3) as class_code, year, stage, sum(prior_amount), sum(amount), count(*) "
      "from v_yoy where table_kind = 'expenditure' and length(func_code) = 3 and measure = 'total' group by all")),
    # the one-year question where real data differs from the generated one: a code that is new or gone
    # (printed in one of the two years) in many units, and in ~100 (picked by sample_params), and every
    # code of one year aggregated
    ("v_yoy", "year, code new/gone in most units", YEAR_MS,
     ("select * from v_yoy where year = $year and table_kind = 'expenditure' and func_code = $code_most "
      "and measure = 'total'")),
    ("v_yoy", "year, code new/gone in ~100 units", YEAR_MS,
     ("select * from v_yoy where year = $year and table_kind = 'expenditure' and func_code = $code_100 "
      "and measure = 'total'")),
    ("v_yoy", "year, all codes aggregated", FULL_MS,
     ("select func_code, stage, comparability, count(*), sum(prior_amount), sum(amount) from v_yoy "
      "where year = $year and table_kind = 'expenditure' and measure = 'total' group by all")),
    ("v_unit_peers", "unit", UNIT_MS, "select * from v_unit_peers where unit_name = $unit"),
    ("v_unit_peers", "year", YEAR_MS,
     "select unit_kind, comparison, code, stage, avg(share), count(*) from v_unit_peers where year = $year group by all"),
    ("v_unit_peers", "class×year", FULL_MS,
     ("select code, year, stage, avg(share), median(share) from v_unit_peers "
      "where comparison = 'expenditure_by_class' group by all")),
    ("v_coverage", "unit", UNIT_MS, "select * from v_coverage where unit_name = $unit"),
    ("v_coverage", "year", YEAR_MS,
     "select table_kind, stage, coverage, count(*) from v_coverage where year = $year group by all"),
    ("v_coverage", "kind×year", FULL_MS,
     "select table_kind, year, stage, coverage, count(*) from v_coverage group by all"),
    # ad-hoc questions analysts ask of v_facts
    ("v_facts", "adhoc: one document", UNIT_MS, "select * from v_facts where document_id = $document"),
    ("v_facts", "adhoc: one 项 code, all units", YEAR_MS,
     ("select unit_name, region, year, stage, amount from v_facts where func_code = '2080109' "
      "and table_kind = 'expenditure' and measure = 'total'")),
    ("v_facts", "adhoc: 三公 by region×year", FULL_MS,
     ("select region, year, stage, measure, sum(amount) from v_facts where table_kind = 'three_public' "
      "and item = 'three_public_total' group by all")),
    ("v_facts", "adhoc: top 20 units of a year", YEAR_MS,
     ("select unit_name, region, sum(amount) as total from v_facts where year = $year and stage = 'final' "
      "and table_kind = 'expenditure' and measure = 'total' and length(func_code) = 3 "
      "group by all order by total desc limit 20")),
    ("v_facts", "adhoc: count/sum by table×stage", FULL_MS,
     "select table_kind, stage, unit_of_measure, count(*), sum(amount) from v_facts group by all"),
]


def warehouse(workdir: Path, facts: int, log) -> Path:
    """A warehouse with at least `facts` facts in workdir (reused when it is there)."""
    path = workdir / f"warehouse-{facts}.duckdb"
    if path.exists():
        con = duckdb.connect(str(path), read_only=True)
        have = con.execute("select count(*) from fact_amount").fetchone()[0]
        con.close()
        if have >= facts:
            return path
        path.unlink()
    base = workdir / "base.duckdb"
    if not base.exists():
        started = time.perf_counter()
        base_facts = base_warehouse(base)
        log(f"base warehouse: {base_facts} facts ingested from generated reports in {time.perf_counter() - started:.1f} s")
    shutil.copy(base, path)
    started = time.perf_counter()
    con = connect(path)
    total = grow_warehouse(con, facts, log=lambda m: None)
    con.close()
    log(f"built {path.name}: {total:,} facts in {time.perf_counter() - started:.1f} s")
    return path


def timed(con, sql: str, params: dict, repeat: int) -> tuple[float, float, int, int]:
    """Median wall time and median CPU time of this process (all DuckDB threads) in s of `repeat`
    warm runs, the rows returned, and how many runs were timed."""
    started = time.perf_counter()
    rows = len(con.execute(sql, params).fetchall())  # warm-up
    first = time.perf_counter() - started
    runs = repeat if first < 5 else 1  # a question taking many seconds is timed once more, not five times
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        con.execute(sql, params).fetchall()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return statistics.median(times), statistics.median(cpu), rows, runs


def sample_params(con) -> dict:
    """A unit with documents in every year and stage (a cloned one, not from the base), a year, a document,
    and the 功能 codes new or gone in $year (expenditure totals printed by a unit in one of $year - 1 and
    $year only) in the most units (code_most) and in the number of units closest to 100 (code_100)."""
    unit = con.execute("select unit_name from dim_document where status = 'loaded' group by unit_name "
                       "having count(*) = (select count(distinct (year, stage)) from dim_document) "
                       "order by bool_or(source_path like 'bench/%') desc, md5(unit_name) limit 1").fetchone()[0]
    document = con.execute("select document_id from dim_document where unit_name = ? and year = ? and stage = 'final'",
                           [unit, YEAR]).fetchone()[0]
    codes = con.execute(
        "with k as (select func_code, unit_name, region, stage, scope, bool_or(year = $year) as now, "
        "bool_or(year = $year - 1) as before from v_facts where year in ($year, $year - 1) "
        "and table_kind = 'expenditure' and measure = 'total' and unit_of_measure = 'wan_yuan' "
        "and func_code is not null group by all) "
        "select func_code, count(distinct (unit_name, region)) filter (where now <> before) as units "
        "from k group by func_code", {"year": YEAR}).fetchall()
    code_most = min(codes, key=lambda c: (-c[1], c[0]))
    code_100 = min(codes, key=lambda c: (abs(c[1] - 100), c[0]))
    return {"unit": unit, "year": YEAR, "document": document, "code_most": code_most[0], "code_100": code_100[0],
            "units": {code_most[0]: code_most[1], code_100[0]: code_100[1]}}


def views_at(revision: str) -> list[str]:
    """The CREATE VIEW statements of sql/views/ at a git revision (v_facts first, as the loader applies them)."""
    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", revision, "sql/views/"],
                           check=True, capture_output=True, text=True).stdout.split()
    names.sort(key=lambda n: (not n.endswith("/v_facts.sql"), n))
    return [subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{name}"], check=True, capture_output=True,
                           text=True).stdout for name in names]


def with_views(path: Path, revision: str) -> Path:
    """A copy of the warehouse whose views are those of `revision` (for before/after in one run)."""
    copy = path.with_name(f"{path.stem}-views-{revision}.duckdb")
    shutil.copy(path, copy)
    con = duckdb.connect(str(copy))
    for sql in views_at(revision):
        con.execute(sql)
    con.execute("delete from meta_schema")  # so that connect() would put the current views back
    con.execute("checkpoint")
    con.close()
    return copy


def run(path: Path, repeat: int, only: str | None, before: str | None = None) -> list[tuple]:
    con = connect(path)  # applies the current views (sql/views) if they changed
    con.execute("checkpoint")
    con.close()
    before_copy = with_views(path, before) if before else None
    old = duckdb.connect(str(before_copy), read_only=True) if before_copy else None
    con = duckdb.connect(str(path), read_only=True)
    params = sample_params(con)
    facts = con.execute("select count(*) from fact_amount").fetchone()[0]
    documents, units = con.execute("select count(*), count(distinct unit_id) from dim_document").fetchone()
    size = os.path.getsize(path)
    print(f"\n== {path.name}: {facts:,} facts, {documents:,} documents, {units:,} units, "
          f"file {size / 2**20:,.0f} MiB = {size / (facts / 1e6) / 2**20:,.1f} MiB per million facts "
          f"({size / (facts / 1e6):,.0f} bytes/M facts)")
    print(f"   unit = {params['unit']!r}, year = {params['year']}, code_most = {params['code_most']} "
          f"(new/gone in {params['units'][params['code_most']]:,} units), code_100 = {params['code_100']} "
          f"({params['units'][params['code_100']]:,} units); median of {repeat} warm runs"
          + (f"; 'before' = the views at {before}, run alternately with the current ones" if before else ""))
    print(f"   {'view':<27} {'question':<33} {'rows':>7}" + (f" {'before ms':>10} {'×':>6}" if before else "")
          + f" {'ms':>9} {'cpu ms':>8}  target")
    results = []
    for view, question, target, sql in QUESTIONS:
        if only and only not in f"{view}/{question}":
            continue
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        compared = ""
        if old is not None:
            old_seconds, _, old_rows, _ = timed(old, sql, used, repeat)
        seconds, cpu, rows, runs = timed(con, sql, used, repeat)
        if old is not None:
            compared = f" {old_seconds * 1000:>10.1f} {old_seconds / seconds:>6.1f}"
            if old_rows != rows:
                compared += f" (rows before: {old_rows})"
        ok = seconds * 1000 < target
        note = "" if runs == repeat else " (1 run)"
        print(f"   {view:<27} {question:<33} {rows:>7}{compared} {seconds * 1000:>9.1f} {cpu * 1000:>8.0f}  < {target} ms "
              f"{'PASS' if ok else 'FAIL'}{note}", flush=True)
        results.append((view, question, seconds, target, ok))
    con.close()
    if old is not None:
        old.close()
        before_copy.unlink()
    return results


def explain(path: Path, name: str) -> None:
    con = duckdb.connect(str(path), read_only=True)
    params = sample_params(con)
    for view, question, _, sql in QUESTIONS:
        if f"{view}/{question}" == name:
            used = {k: v for k, v in params.items() if f"${k}" in sql}
            con.execute(sql, used).fetchall()
            for _, plan in con.execute("explain analyze " + sql, used).fetchall():
                print(plan)
            return
    raise SystemExit(f"no question {name!r}; names are view/question, e.g. v_yoy/unit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/yjs-bench"))
    parser.add_argument("--only", help="run only questions whose view/question contains this text")
    parser.add_argument("--explain", metavar="VIEW/QUESTION", help="print EXPLAIN ANALYZE of one question and stop")
    parser.add_argument("--before", metavar="GIT_REVISION",
                        help="also time every question with the views of this revision (e.g. 06640b0), alternately")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"DuckDB {duckdb.__version__}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    paths = [warehouse(args.workdir, facts, print) for facts in args.facts]
    if args.explain:
        explain(paths[-1], args.explain)
        return
    summary = []
    for facts, path in zip(args.facts, paths):
        results = run(path, args.repeat, args.only, args.before)
        failed = [f"{v}/{q}" for v, q, _, _, ok in results if not ok]
        summary.append(f"{facts:>11,} facts: {len(results) - len(failed)}/{len(results)} within target"
                       + (f"; missed: {', '.join(failed)}" if failed else ""))
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
