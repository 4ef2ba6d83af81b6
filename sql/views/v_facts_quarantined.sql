-- v_facts_quarantined: facts hidden from v_facts, kept for inspection, with the reason: every fact of
-- a quarantined document (the document itself is in doubt) and the facts of a quarantined table of a
-- loaded document (validation found it misread: doc_table.quarantine_reason).
create or replace view v_facts_quarantined as
select f.document_id, u.unit_name, u.unit_code, u.region, d.year, d.stage, f.scope, f.table_kind, f.func_code,
       f.econ_code, f.gov_econ_code, f.item, f.measure, f.amount, f.unit_of_measure, f.source_page, f.source_text, f.source_line,
       f.source_col, f.extraction,    -- engine that read the cell (ocr-tesseract: a scan)
       case when d.status = 'quarantined' then d.status_reason
            else 'table ' || t.table_seq || ' (' || t.table_kind || ') quarantined: ' || t.quarantine_reason
       end as status_reason,          -- why the document or the table is quarantined
       case when d.status = 'quarantined' then 'document' else 'table' end as quarantined,  -- the grain hidden
       f.verified, string_split(f.verified_by, ',') as verified_by, string_split(f.broken_by, ',') as broken_by,
       f.line_label                   -- printed path of a 政府采购 line, else null
from fact_amount as f
join dim_document as d using (document_id)
join dim_unit as u on u.unit_id = f.unit_id
left join doc_table as t on t.document_id = f.document_id and t.table_seq = f.table_seq
where d.status = 'quarantined' or (d.status = 'loaded' and t.quarantine_reason is not null);
