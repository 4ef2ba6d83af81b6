-- Hierarchy: a 功能分类 类 (3 digits) equals the sum of its 款 (5), a 款 the sum of its 项 (7).
with facts as (
    select * from fact_amount
    where document_id in (select document_id from _scope) and func_code is not null and table_kind in ({kinds})
),
children as (
    select document_id, unit_id, scope, table_kind, measure, left(func_code, length(func_code) - 2) as parent_code,
           sum(amount) as total, count(*) as n
    from facts where length(func_code) in (5, 7)
    group by all
)
select p.document_id, p.table_kind, p.func_code || ' ' || p.measure as subject,
       p.amount as expected, c.total as observed, c.n as n_terms, p.source_line, p.source_page, p.row_label
from facts p join children c
  on c.document_id = p.document_id and c.unit_id = p.unit_id and c.scope = p.scope and c.table_kind = p.table_kind
 and c.measure = p.measure and c.parent_code = p.func_code
