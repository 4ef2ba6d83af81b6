-- v_facts: one row per published number of every loaded document (CONTRACT.md); amounts in 万元, exact.
-- A table quarantined by validation (doc_table.quarantine_reason: it was misread) is left out; its
-- facts are in v_facts_quarantined, the document's other tables stay here.
create or replace view v_facts as
with documents as (
    select document_id, year, stage from dim_document where status = 'loaded'
),
misread as (
    select document_id, table_seq from doc_table where quarantine_reason is not null
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
        f.gov_econ_code,               -- 政府预算支出经济分类 code (5xx) or null: rows keyed by it too (Beijing 预算03表)
        f.item,                        -- canonical row label for rows without a code
        f.measure,                     -- canonical column code
        f.amount,                      -- 万元 exactly as printed, DECIMAL(20,6) (元 1,234.56 → 0.123456; counts: the count)
        f.unit_of_measure,             -- wan_yuan | count
        f.source_page,                 -- page in the source (inferred for text extractions)
        f.source_text,                 -- raw cell text
        f.source_line,                 -- line in the source file
        f.source_col,                  -- cell position in the line
        f.extraction,                  -- engine that read the cell: text | pdfium-lattice (ruled) | camelot-lattice (ruled, fallback) | pdfium-words (borderless) | openpyxl | xlrd | html | ocr-tesseract (a scan)
        f.verified,                    -- true: its identities hold; false: one fails; null: none covers it (set by validation)
        string_split(f.verified_by, ',') as verified_by,  -- rule ids (rules.yaml) whose comparisons including this fact hold
        string_split(f.broken_by, ',') as broken_by,      -- rule ids whose comparisons including this fact fail
        f.line_label                   -- the printed path keying a line with no code of its own (政府采购 project / 品目 lines:
                                       -- '一、货物A / 信息网络建设费 / 信息网络及软件购置更新 / PC服务器 / 政府集中采购'); null otherwise
    from fact_amount as f
    join documents as d using (document_id)
    join dim_unit as u on u.unit_id = f.unit_id
    where not exists (select 1 from misread m where m.document_id = f.document_id and m.table_seq = f.table_seq)
)
select * from final;
