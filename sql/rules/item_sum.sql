-- An item row equals the sum of other rows of the same table and column (two-sided totals, 三公 parts).
with facts as (
    select * from fact_amount
    where document_id in (select document_id from _scope) and table_kind = '{kind}' and measure in ({measures})
),
parts as (
    select document_id, unit_id, scope, measure, sum(amount) as total, count(*) as n
    from facts where (item in ({part_items}) {or_func_classes})
    group by all
)
select w.document_id, w.table_kind, w.item || ' ' || w.measure as subject,
       w.amount as expected, p.total as observed, p.n as n_terms, w.source_line, w.source_page, w.row_label
from facts w join parts p on p.document_id = w.document_id and p.unit_id = w.unit_id and p.scope = w.scope and p.measure = w.measure
where w.item = '{whole_item}'
