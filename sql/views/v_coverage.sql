-- v_coverage: per loaded document, each standard table: loaded, printed empty, or missing.
-- (The tables found are joined before they are aggregated, so a filter on the document reaches their scan.)
create or replace view v_coverage as
with documents as (
    select document_id, file_name, unit_name, region, year, stage, scope, status
    from dim_document where year is not null and status in ('loaded', 'quarantined')
),
final as (
    select d.document_id, d.file_name, d.unit_name, d.region, d.year, d.stage, d.scope,
           d.status as document_status,
           r.table_kind,
           coalesce(max(t.status), 'missing') as coverage,  -- loaded | empty | missing
           coalesce(sum(t.facts), 0) as facts,
           min(t.title_line) as title_line                   -- where the table starts in the source
    from documents d
    join ref_standard_table r on r.stage = d.stage
    left join doc_table t on t.document_id = d.document_id and t.table_kind = r.table_kind
    group by d.document_id, d.file_name, d.unit_name, d.region, d.year, d.stage, d.scope, d.status, r.table_kind
)
select * from final;
