-- A table's total row equals the sum of its 类 rows (功能分类 3-digit or 经济分类 3-digit), per column.
with facts as (
    select * from fact_amount
    where document_id in (select document_id from _scope) and table_kind in ({kinds})
),
classes as (
    select document_id, unit_id, scope, table_kind, measure, sum(amount) as total, count(*) as n
    from facts where length(coalesce(func_code, econ_code)) = 3 and measure in ({measures})
    group by all
)
select t.document_id, t.table_kind, t.item || ' ' || t.measure as subject,
       t.amount as expected, c.total as observed, c.n as n_terms, t.source_line, t.source_page, t.row_label
from facts t join classes c
  on c.document_id = t.document_id and c.unit_id = t.unit_id and c.scope = t.scope and c.table_kind = t.table_kind and c.measure = t.measure
where t.item = '{total_item}'
