-- v_coverage: per loaded document, each standard table: loaded, printed empty, or missing.
create or replace view v_coverage as
with documents as (
    select document_id, file_name, unit_name, region, year, stage, scope, status
    from dim_document where year is not null and status in ('loaded', 'quarantined')
),
found as (
    select document_id, table_kind, max(status) as table_status, sum(facts) as facts, min(title_line) as title_line
    from doc_table group by all
),
final as (
    select d.document_id, d.file_name, d.unit_name, d.region, d.year, d.stage, d.scope,
           d.status as document_status,
           r.table_kind,
           coalesce(f.table_status, 'missing') as coverage,  -- loaded | empty | missing
           coalesce(f.facts, 0) as facts,
           f.title_line                                      -- where the table starts in the source
    from documents d
    join ref_standard_table r on r.stage = d.stage
    left join found f on f.document_id = d.document_id and f.table_kind = r.table_kind
)
select * from final;
