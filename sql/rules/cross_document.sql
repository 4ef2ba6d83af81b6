-- A budget report's 上年执行数 for a unit equals that unit's final account of that year (both loaded).
with budget as (
    select f.*, d.year from _facts f join dim_document d using (document_id)
    where d.status = 'loaded' and d.stage = 'budget' and f.measure = 'prior_final' and f.table_kind = '{kind}'
),
final as (
    select f.unit_id, f.item, f.func_code, f.econ_code, f.amount, d.year, f.document_id
    from fact_amount f join dim_document d using (document_id)
    where d.status = 'loaded' and d.stage = 'final' and f.measure = 'final' and f.table_kind = '{kind}'
)
select b.document_id, b.table_kind, coalesce(b.item, b.func_code, b.econ_code) || ' ' || (b.year - 1) || ' vs ' || fin.document_id as subject,
       b.amount as expected, fin.amount as observed, 1 as n_terms, b.source_line, b.source_page, b.row_label,
       [b.fact_seq] as fact_seqs  -- the budget's fact (the final's belongs to another document)
from budget b join final fin
  on fin.unit_id = b.unit_id and fin.year = b.year - 1
 and fin.item is not distinct from b.item and fin.func_code is not distinct from b.func_code
