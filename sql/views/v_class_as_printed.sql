-- v_class_as_printed: classification codes the reports print that the national list lacks (issue 14 item 5),
-- one row per (code, printed name, document): the year, the first page printing it, how many of the facts
-- carrying it (outside quarantined tables) were verified or broken, and verified = some of them verified
-- by an identity (Σ children = parent, row sums …) and none broken. Only such names extend the dictionary
-- (v_class_dictionary); none is invented.
create or replace view v_class_as_printed as
with national as (
    select 'func' as system, code from dim_func_class where source = 'national'
    union all
    select 'econ', code from dim_econ_class where source = 'national'
),
printed as (
    select l.system, l.code, l.label, l.document_id
    from class_label l
    where not exists (select 1 from national n where n.system = l.system and n.code = l.code)
),
facts as (
    select f.document_id, 'func' as system, f.func_code as code, f.row_label, f.source_page, f.verified
    from fact_amount f where f.func_code is not null
      and not exists (select 1 from doc_table t where t.document_id = f.document_id and t.table_seq = f.table_seq
                      and t.quarantine_reason is not null)
    union all
    select f.document_id, 'econ', f.econ_code, f.row_label, f.source_page, f.verified
    from fact_amount f where f.econ_code is not null
      and not exists (select 1 from doc_table t where t.document_id = f.document_id and t.table_seq = f.table_seq
                      and t.quarantine_reason is not null)
),
final as (
    select p.system,                                            -- func | econ
           p.code,                                              -- as printed
           p.label,                                             -- the name printed beside it
           d.year,                                              -- fiscal year of the report
           p.document_id,
           d.file_name,
           min(f.source_page) as source_page,                   -- first page printing it
           count(f.code) as facts,                              -- amounts carrying it
           count(f.code) filter (where f.verified) as verified_facts,
           count(f.code) filter (where not f.verified) as broken_facts,
           count(f.code) filter (where f.verified) > 0
               and count(f.code) filter (where not f.verified) = 0 as verified
    from printed p
    join dim_document d on d.document_id = p.document_id and d.status in ('loaded', 'quarantined')
    left join facts f on f.document_id = p.document_id and f.system = p.system and f.code = p.code
                     and f.row_label = p.label
    group by all
)
select * from final;
