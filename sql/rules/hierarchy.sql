-- Hierarchy: a parent code equals the sum of its children (功能分类 类 = Σ款, 款 = Σ项; 经济分类 类 = Σ款).
-- A code's parent is its prefix two digits shorter.
with facts as (
    select * from fact_amount
    where document_id in (select document_id from _scope) and {code_column} is not null and table_kind in ({kinds})
),
children as (
    select document_id, unit_id, scope, table_kind, measure,
           left({code_column}, length({code_column}) - 2) as parent_code, sum(amount) as total, count(*) as n
    from facts where length({code_column}) in ({child_lengths})
    group by all
)
select p.document_id, p.table_kind, p.{code_column} || ' ' || p.measure as subject,
       p.amount as expected, c.total as observed, c.n as n_terms, p.source_line, p.source_page, p.row_label
from facts p join children c
  on c.document_id = p.document_id and c.unit_id = p.unit_id and c.scope = p.scope and c.table_kind = p.table_kind
 and c.measure = p.measure and c.parent_code = p.{code_column}
