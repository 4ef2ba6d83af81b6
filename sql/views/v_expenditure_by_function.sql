-- v_expenditure_by_function: 支出表 (03) by 功能分类 per unit and year, with the 类/款 of each row
-- so any level rolls up with a GROUP BY; amounts in 万元. A table that keys each row by 部门/政府经济分类 too
-- (Beijing 预算03表: 功能 × 政府经济 × 部门经济分类) gives one row per printed combination (econ_code,
-- gov_econ_code), never one of them standing for the code: sum them for the 功能分类 code.
create or replace view v_expenditure_by_function as
with facts as (
    select * from v_facts where table_kind = 'expenditure' and func_code is not null
),
pivoted as (
    -- level, class_code and kuan_code are grouped on (they follow from the code) so that filters on them reach the scan
    select document_id, unit_name, unit_code, region, year, stage, scope, func_code, econ_code, gov_econ_code,
           length(func_code) // 2 as level, left(func_code, 3) as class_code,
           case when length(func_code) >= 5 then left(func_code, 5) end as kuan_code,
           max(amount) filter (where measure = 'total') as total,      -- 本年支出合计 万元
           max(amount) filter (where measure = 'basic') as basic,      -- 基本支出 万元
           max(amount) filter (where measure = 'project') as project,  -- 项目支出 万元
           min(source_page) as source_page                             -- page of the row (inferred for text)
    from facts group by all
),
final as (
    select p.document_id, p.unit_name, p.unit_code, p.region, p.year, p.stage, p.scope,
           p.func_code,                              -- 类 3 / 款 5 / 项 7 digits
           c.name as func_name,                      -- national name (report's own label in class_label)
           p.level,                                  -- 1 类, 2 款, 3 项
           p.class_code,                             -- 类 of the row
           p.kuan_code,                              -- 款 of the row
           p.total, p.basic, p.project, p.source_page,
           p.econ_code,                              -- 部门经济分类 of a multi-keyed row (Beijing 预算03表) or null
           p.gov_econ_code                           -- 政府预算支出经济分类 of such a row or null
    from pivoted p left join dim_func_class c on c.code = p.func_code
)
select * from final;
