-- v_class_dictionary: the classification dictionary per year = the national list (year null: every year)
-- plus, per year, each code the national list lacks that a verified table printed (v_class_as_printed), with
-- its printed name and source (document, page). A code printed with several names keeps each one.
create or replace view v_class_dictionary as
with national as (
    select 'func' as system, code, name, level, parent_code from dim_func_class where source = 'national'
    union all
    select 'econ', code, name, level, parent_code from dim_econ_class where source = 'national'
),
seen as (
    select system, code, label as name, year, document_id, file_name, source_page
    from v_class_as_printed where verified
),
final as (
    select system, code, name, level, parent_code,
           null::integer as year,                 -- national codes hold every year
           'national' as source,
           null::varchar as document_id, null::varchar as file_name, null::integer as source_page
    from national
    union all
    select system, code, name,
           case length(code) when 3 then 1 when 5 then 2 else 3 end as level,
           case when length(code) > 3 then left(code, length(code) - 2) end as parent_code,
           year, 'report' as source, document_id, file_name, source_page
    from seen
)
select * from final;
