"""The dashboard's reads: a read-only warehouse connection (retried while an ingest holds the lock), cached
per file version, and the SQL of each tab — figures with their source (file, page, line, printed text)
and whether the identities they take part in hold."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

WAREHOUSE = Path(os.environ.get("YJS_WAREHOUSE") or "data/warehouse/warehouse.duckdb")  # as `yjs query`
FILTER = "list_contains($units, v.unit_name) and list_contains($years, v.{year})"
SOURCE = "d.file_name || coalesce(' p.' || v.source_page, '') || coalesce(', line ' || v.source_line, '')"


def query(sql: str, **params) -> pd.DataFrame:
    """Run SQL on a fresh read-only connection, retrying while a writer holds the file lock."""
    for attempt in range(20):
        try:
            con = duckdb.connect(str(WAREHOUSE), read_only=True)
            break
        except duckdb.IOException as exc:  # an ingest holds the write lock: wait briefly
            if "lock" not in str(exc).lower() or attempt == 19:
                raise
            time.sleep(0.25)
    try:
        return con.execute(sql, params or None).df()
    finally:
        con.close()


@st.cache_data(ttl=10, show_spinner=False)
def cached(sql: str, params: tuple, mtime: float) -> pd.DataFrame:
    """query(), cached; the file's mtime in the key drops stale results after an ingest."""
    return query(sql, **{name: list(values) for name, values in params})


def load(sql: str, **params: list) -> pd.DataFrame:
    return cached(sql, tuple((k, tuple(v)) for k, v in sorted(params.items())), WAREHOUSE.stat().st_mtime)


def sourced(view: str, line_match: str, year: str = "year") -> str:
    """Rows of a view (every level) with their facts' first line, printed texts and trust, and a `source` column.

    verified: false when an identity one of the row's facts takes part in fails, true when all of them are
    covered and hold, null otherwise (v_facts.verified, per row)."""
    return f"""
    with v as (
        select v.*, s.source_line, s.source_text, s.verified
        from {view} v, lateral (
            select min(f.source_line) as source_line,
                   string_agg(f.source_text, ' | ' order by f.source_col) as source_text,
                   case when bool_or(not f.verified) then false when bool_and(f.verified) then true end as verified
            from v_facts f where f.document_id = v.document_id and f.unit_name = v.unit_name
             and f.scope = v.scope and {line_match}) s
        where {FILTER.format(year=year)}
    )
    select v.*, {SOURCE} as source from v join dim_document d using (document_id) order by all"""


# A multi-keyed row (Beijing 预算03/06表: 功能 × 部门经济 × 政府经济) is one row of the view per printed
# combination: its source is the facts of that combination, not every fact of its 功能/经济 code.
_SAME_KEYS = "f.gov_econ_code is not distinct from v.gov_econ_code"
FUNCTION_SQL = sourced("v_expenditure_by_function", "f.table_kind = 'expenditure' and f.func_code = v.func_code"
                       f" and f.econ_code is not distinct from v.econ_code and {_SAME_KEYS}")
ECON_SQL = sourced("v_basic_by_econ", f"f.table_kind = 'gpb_basic_expenditure' and f.econ_code = v.econ_code and {_SAME_KEYS}")
THREE_PUBLIC_SQL = sourced("v_three_public", "f.table_kind = 'three_public' and f.item = v.item", year="fiscal_year")
BVF_SQL = f"""
select v.*, v.final_document_id as document_id, v.final_source_page as source_page,
       '决算 ' || df.file_name || coalesce(' p.' || v.final_source_page, '') || ' / 预算 ' || db.file_name
       || coalesce(' p.' || v.budget_source_page, '') as source
from v_budget_vs_final v join dim_document db on db.document_id = v.budget_document_id
join dim_document df on df.document_id = v.final_document_id
where {FILTER.format(year='fiscal_year')} order by all"""
YOY_SQL = f"""
select v.*, d.file_name || coalesce(' p.' || v.source_page, '') || ' vs ' || p.file_name
       || coalesce(' p.' || v.prior_source_page, '') as source
from v_yoy v left join dim_document d on d.document_id = v.document_id
left join dim_document p on p.document_id = v.prior_document_id
where {FILTER.format(year='year')} order by all"""
FACTS_SQL = f"""
select v.unit_name, v.year, v.stage, v.scope, v.table_kind, v.func_code, v.econ_code, v.item, v.measure, v.amount,
       v.unit_of_measure, v.source_page, v.source_line, v.source_text, v.verified, v.broken_by, v.document_id,
       {SOURCE} as source
from v_facts v join dim_document d using (document_id)
where {FILTER.format(year='year')} order by v.document_id, v.source_line, v.source_col"""
DOCUMENT_COVERAGE_SQL = """
select * from v_document_coverage where list_contains($docs, document_id) order by file_name"""
TABLE_COVERAGE_SQL = """
select d.file_name, t.* from v_table_coverage t join dim_document d using (document_id)
where list_contains($docs, t.document_id) order by d.file_name, t.table_seq"""
DOCS_SQL = "select distinct document_id from v_facts v where " + FILTER.format(year="year")
FINDINGS_SQL = """
select r.document_id, r.table_kind, r."check", r.severity, r.row_label, r.expected, r.observed, r.detail,
       r.source_page, r.source_line,
       d.file_name || coalesce(' p.' || r.source_page, '') || coalesce(', line ' || r.source_line, '') as source
from dq_results r join dim_document d using (document_id)
where list_contains($docs, r.document_id) order by r.document_id, r.source_line"""
UNITS_SQL = """
select unit_name, bool_or(unit_name in (select unit_name from dim_document where status = 'loaded')) as own
from v_facts group by all order by own desc, unit_name"""
