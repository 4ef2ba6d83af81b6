-- Hierarchy: an 经济分类 类 (3 digits) equals the sum of its 款 (5 digits), per column.
with facts as (
    select * from fact_amount
    where document_id in (select document_id from _scope) and econ_code is not null and table_kind in ({kinds})
),
children as (
    select document_id, unit_id, scope, table_kind, measure, left(econ_code, 3) as parent_code,
           sum(amount) as total, count(*) as n
    from facts where length(econ_code) = 5
    group by all
)
select p.document_id, p.table_kind, p.econ_code || ' ' || p.measure as subject,
       p.amount as expected, c.total as observed, c.n as n_terms, p.source_line, p.source_page, p.row_label
from facts p join children c
  on c.document_id = p.document_id and c.unit_id = p.unit_id and c.scope = p.scope and c.table_kind = p.table_kind
 and c.measure = p.measure and c.parent_code = p.econ_code
where length(p.econ_code) = 3
