-- Classification codes each document's tables print, with whether the national list has them, whether
-- their parent (类 for a 款, 款 for a 项) is printed in the same table, and whether a code the list lacks
-- is trusted: its facts here take part in a hierarchy sum and every identity they take part in holds
-- (_fact_check of this validation), or a verified table of another report of the same year printed it
-- (v_class_as_printed). known = national or trusted: the codes suite expects known (CD01 is info for a trusted code).
with codes as (
    select document_id, table_kind, 'func' as system, func_code as code,
           min(source_line) as source_line, min(source_page) as source_page, min(row_label) as row_label,
           list(fact_seq) as seqs
    from _facts where func_code is not null group by all
    union all
    select document_id, table_kind, 'econ', econ_code, min(source_line), min(source_page), min(row_label), list(fact_seq)
    from _facts where econ_code is not null group by all
),
checked as (  -- per printed code: comparisons its facts took part in here
    select c.document_id, c.table_kind, c.system, c.code,
           count(k.fact_seq) filter (where k.family = 'hierarchy') as hierarchy_checks,
           coalesce(bool_and(k.held), false) as all_held
    from (select * exclude (seqs), unnest(seqs) as fact_seq from codes) c  -- one row per fact carrying the code
    left join _fact_check k on k.document_id = c.document_id and k.fact_seq = c.fact_seq
    group by all
),
flagged as (
    select c.* exclude (seqs),
           case c.system
               when 'func' then exists (select 1 from dim_func_class d where d.code = c.code and d.source = 'national')
               else exists (select 1 from dim_econ_class d where d.code = c.code and d.source = 'national')
           end as in_dictionary,
           k.hierarchy_checks > 0 and k.all_held as verified_here,
           exists (select 1 from v_class_as_printed s join dim_document d on d.document_id = c.document_id
                   where s.system = c.system and s.code = c.code and s.verified and s.year = d.year
                     and s.document_id <> c.document_id) as verified_elsewhere,
           -- a 款/项 whose parent is printed, or in a table that prints no code of the parent's level
           -- at all (北京 预算05表 prints 项 only, its 经济分类 tables 款 only): a table's layout, not
           -- a lost row (HI07 still checks its 合计 against the rows it prints)
           length(c.code) = 3 or exists (
               select 1 from codes p
               where p.document_id = c.document_id and p.table_kind = c.table_kind and p.system = c.system
                 and p.code = case c.system when 'func' then left(c.code, length(c.code) - 2) else left(c.code, 3) end
           ) or not exists (
               select 1 from codes p
               where p.document_id = c.document_id and p.table_kind = c.table_kind and p.system = c.system
                 and length(p.code) = case c.system when 'func' then length(c.code) - 2 else 3 end
           ) as parent_printed
    from codes c join checked k using (document_id, table_kind, system, code)
)
select *, in_dictionary or verified_here or verified_elsewhere as known from flagged
