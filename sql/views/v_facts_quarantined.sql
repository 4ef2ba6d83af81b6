-- v_facts_quarantined: the facts of quarantined documents, kept for inspection, with the reason.
create or replace view v_facts_quarantined as
select f.document_id, u.unit_name, u.unit_code, u.region, d.year, d.stage, f.scope, f.table_kind, f.func_code,
       f.econ_code, f.item, f.measure, f.amount, f.unit_of_measure, f.source_page, f.source_text, f.source_line,
       f.source_col, f.extraction,    -- engine that read the cell (ocr-tesseract: a scan)
       d.status_reason                -- why the document is quarantined
from fact_amount as f
join dim_document as d using (document_id)
join dim_unit as u on u.unit_id = f.unit_id
where d.status = 'quarantined';
