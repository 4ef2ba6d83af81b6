-- v_document_coverage: per document, printed amount cells, facts loaded (and their share), facts verified
-- (and their share), tables quarantined, and the cells the extraction could not place (extract.* errors,
-- listed one by one in dq_results with page and line; `yjs show <document>`).
create or replace view v_document_coverage as
with documents as (
    select document_id, file_name, unit_name, year, stage, scope, status
    from dim_document where year is not null and status in ('loaded', 'quarantined')
),
tables as (
    select document_id,
           sum(printed_cells) as printed_cells,
           sum(facts) filter (where printed_cells is not null) as counted_facts,
           sum(facts) as facts,
           sum(verified_facts) as verified_facts,
           sum(unverified_facts) as unverified_facts,
           count(*) filter (where quarantine_reason is not null) as quarantined_tables,
           coalesce(sum(facts) filter (where quarantine_reason is not null), 0) as quarantined_facts,
           count(*) filter (where layout = 'not_extracted') as tables_not_read
    from v_table_coverage group by document_id
),
gaps as (
    select document_id, count(*) as coverage_gaps
    from dq_results where "check" like 'extract.%' and severity = 'error' group by document_id
),
final as (
    select d.document_id, d.file_name, d.unit_name, d.year, d.stage, d.scope, d.status,
           t.printed_cells,
           coalesce(t.facts, 0) as facts,
           round(100.0 * t.counted_facts / nullif(t.printed_cells, 0), 1) as facts_pct,
           coalesce(t.verified_facts, 0) as verified_facts,
           round(100.0 * t.verified_facts / nullif(t.facts, 0), 1) as verified_pct,
           coalesce(t.unverified_facts, 0) as unverified_facts,
           coalesce(t.quarantined_tables, 0) as quarantined_tables,
           coalesce(t.quarantined_facts, 0) as quarantined_facts,
           coalesce(t.tables_not_read, 0) as tables_not_read,      -- located but not read (绩效 tables)
           coalesce(g.coverage_gaps, 0) as coverage_gaps           -- rows/columns/cells not loaded
    from documents d
    left join tables t using (document_id)
    left join gaps g using (document_id)
)
select * from final;
