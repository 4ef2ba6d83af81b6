-- v_facts: one row per published number of every loaded document (CONTRACT.md); amounts in 万元.
create or replace view v_facts as
with documents as (
    select document_id, year, stage from dim_document where status = 'loaded'
),
final as (
    select
        f.document_id,                 -- source document version
        u.unit_name,                   -- unit the number belongs to
        u.unit_code,                   -- printed unit code or null
        u.region,                      -- province + city
        d.year,                        -- fiscal year
        d.stage,                       -- budget | final
        f.scope,                       -- unit | department | department_total
        f.table_kind,                  -- canonical table code
        f.func_code,                   -- 功能分类 code or null
        f.econ_code,                   -- 经济分类 code or null
        f.item,                        -- canonical row label for rows without a code
        f.measure,                     -- canonical column code
        f.amount,                      -- 万元 (counts: the count)
        f.unit_of_measure,             -- wan_yuan | count
        f.source_page,                 -- page in the source (inferred for text extractions)
        f.source_text,                 -- raw cell text
        f.source_line,                 -- line in the source file
        f.source_col,                  -- cell position in the line
        f.extraction                   -- engine that read the cell: text | camelot-lattice | pdfium-words (borderless) | openpyxl | xlrd | html | ocr-tesseract (a scan)
    from fact_amount as f
    join documents as d using (document_id)
    join dim_unit as u on u.unit_id = f.unit_id
)
select * from final;
