-- Row identity: in one row of a table, the whole column equals the sum of its part columns.
with facts as (
    select * from fact_amount where document_id in (select document_id from _scope)
),
rows as (
    select document_id, unit_id, scope, table_kind, func_code, econ_code, item,
           max(amount) filter (where measure = '{whole}') as whole,
           sum(amount) filter (where measure in ({parts})) as parts,
           count(*) filter (where measure in ({parts})) as n_parts,
           min(source_line) as source_line, min(source_page) as source_page, min(row_label) as row_label
    from facts where table_kind = '{kind}'
    group by all
)
select document_id, table_kind, coalesce(func_code, econ_code, item) as subject,
       whole as expected, parts as observed, n_parts as n_terms, source_line, source_page, row_label
from rows where whole is not null and n_parts > 0
