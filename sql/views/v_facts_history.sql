-- v_facts_history: the facts of every version of every document (loaded, superseded, quarantined).
create or replace view v_facts_history as
with versions as (
    select document_id, year, stage, status, superseded_by, ingested_at,
           row_number() over (partition by version_key order by ingested_at, document_id) as version  -- 1 = first seen
    from dim_document where year is not null
),
final as (
    select f.document_id, v.version, v.status, v.superseded_by, v.ingested_at, u.unit_name, u.unit_code, u.region,
           v.year, v.stage, f.scope, f.table_kind, f.func_code, f.econ_code,
           f.gov_econ_code,  -- 政府预算支出经济分类 (Beijing 预算03表) or null
           f.item, f.measure, f.amount,
           f.unit_of_measure, f.source_page, f.source_text, f.source_line, f.source_col,
           f.extraction, -- engine that read the cell (ocr-tesseract: a scan)
           f.line_label  -- printed path of a 政府采购 line, else null
    from fact_amount as f
    join versions as v using (document_id)
    join dim_unit as u on u.unit_id = f.unit_id
)
select * from final;
