-- v_coverage: per loaded document, each standard table: loaded, printed empty, or missing; with how much
-- of it is in the warehouse (printed amount cells, facts, verified facts), its quarantine and its gaps.
-- (The tables found are joined before they are aggregated, so a filter on the document reaches their scan.)
create or replace view v_coverage as
with documents as (
    select document_id, file_name, unit_name, region, year, stage, scope, status
    from dim_document where year is not null and status in ('loaded', 'quarantined')
),
gaps as (
    select document_id, table_kind, count(*) as coverage_gaps
    from dq_results where "check" like 'extract.%' and severity = 'error' group by all
),
final as (
    select d.document_id, d.file_name, d.unit_name, d.region, d.year, d.stage, d.scope,
           d.status as document_status,
           r.table_kind,
           coalesce(max(t.status), 'missing') as coverage,  -- loaded | empty | missing
           coalesce(sum(t.facts), 0) as facts,
           min(t.title_line) as title_line,                  -- where the table starts in the source
           sum(t.printed_cells) as printed_cells,            -- amount cells printed (null: unknown)
           coalesce(sum(t.verified_facts), 0) as verified_facts,
           coalesce(sum(t.unverified_facts), 0) as unverified_facts,
           string_agg(t.quarantine_reason, '; ') as quarantine_reason,  -- not null: the table is hidden
           coalesce(max(g.coverage_gaps), 0) as coverage_gaps           -- extract.* errors: cells not loaded
    from documents d
    join ref_standard_table r on r.stage = d.stage
    left join v_table_coverage t on t.document_id = d.document_id and t.table_kind = r.table_kind
    left join gaps g on g.document_id = d.document_id and g.table_kind = r.table_kind
    group by d.document_id, d.file_name, d.unit_name, d.region, d.year, d.stage, d.scope, d.status, r.table_kind
)
select * from final;
