-- CN01 (GovBudgetChecker R002): a printed code whose printed name is another code's name in the national
-- list, compared within the same parent (行政运行 / 一般行政管理事务 / 事业运行 recur under many 款).
with printed as (
    select distinct document_id, table_kind, 'func' as system, func_code as code, row_label, source_line, source_page
    from _facts where func_code is not null and row_label is not null
    union all
    select distinct document_id, table_kind, 'econ', econ_code, row_label, source_line, source_page
    from _facts where econ_code is not null and row_label is not null
),
dictionary as (
    select 'func' as system, code, name, parent_code from dim_func_class where source = 'national'
    union all
    select 'econ', code, name, parent_code from dim_econ_class where source = 'national'
),
named as (  -- labels compared without spaces, brackets of either width
    select *, replace(replace(replace(replace(name, '（', '('), '）', ')'), ' ', ''), '　', '') as key from dictionary
),
mismatched as (
    select p.*, own.name as own_name, other.code as other_code, other.name as other_name
    from printed p
    join named own on own.system = p.system and own.code = p.code
    join named other on other.system = p.system and other.code <> p.code
     and coalesce(other.parent_code, '') = coalesce(own.parent_code, '') and length(other.code) = length(p.code)
     and other.key = replace(replace(replace(replace(p.row_label, '（', '('), '）', ')'), ' ', ''), '　', '')
    where own.key <> other.key
),
final as (
    select document_id, table_kind,
           system || ' code ' || code || ' printed with the name ' || row_label || ' of ' || other_code
             || ' (its own name: ' || own_name || ')' as subject,
           cast(code as bigint) as expected, cast(other_code as bigint) as observed, 0 as n_terms,
           source_line, source_page, row_label,
           cast([] as integer[]) as fact_seqs  -- a name, not an amount: the fact's amount is not in doubt
    from mismatched
)
select * from final
