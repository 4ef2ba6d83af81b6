-- Classification codes each document's tables print, with whether the national list has them and
-- whether their parent (类 for a 款, 款 for a 项) is printed in the same table.
with codes as (
    select document_id, table_kind, 'func' as system, func_code as code,
           min(source_line) as source_line, min(source_page) as source_page, min(row_label) as row_label
    from _facts where func_code is not null group by all
    union all
    select document_id, table_kind, 'econ', econ_code, min(source_line), min(source_page), min(row_label)
    from _facts where econ_code is not null group by all
)
select c.*,
       case c.system
           when 'func' then exists (select 1 from dim_func_class d where d.code = c.code and d.source = 'national')
           else exists (select 1 from dim_econ_class d where d.code = c.code and d.source = 'national')
       end as in_dictionary,
       length(c.code) = 3 or exists (
           select 1 from codes p
           where p.document_id = c.document_id and p.table_kind = c.table_kind and p.system = c.system
             and p.code = case c.system when 'func' then left(c.code, length(c.code) - 2) else left(c.code, 3) end
       ) as parent_printed
from codes c
