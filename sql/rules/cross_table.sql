-- The same figure printed in two tables of one document: {left_kind} vs {right_kind}.
with facts as (
    select * from fact_amount where document_id in (select document_id from _scope)
),
a as (
    select * from facts where table_kind = '{left_kind}' and measure in ({left_measures}) and ({left_key})
),
b as (
    select document_id, unit_id, scope, {right_join} as join_key, sum(amount) as amount, count(*) as n
    from facts where table_kind = '{right_kind}' and measure in ({right_measures}) and ({right_key})
    group by all
)
select a.document_id, a.table_kind, coalesce(a.func_code, a.econ_code, a.item) || ' ' || a.measure as subject,
       a.amount as expected, b.amount as observed, b.n as n_terms, a.source_line, a.source_page, a.row_label
from a join b on b.document_id = a.document_id and b.unit_id = a.unit_id and b.scope = a.scope and b.join_key = {left_join}
