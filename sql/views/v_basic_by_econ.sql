-- v_basic_by_econ: 基本支出 (06) by 经济分类 per unit and year: 人员经费 and 公用经费 (万元). A table that keys
-- each row by 政府预算支出经济分类 too (Beijing 预算06表) gives one row per printed pair (gov_econ_code), so a
-- printed 合计 of one pair never stands for the code: sum them for the 部门经济分类 code.
create or replace view v_basic_by_econ as
with facts as (
    select * from v_facts where table_kind = 'gpb_basic_expenditure' and econ_code is not null
),
pivoted as (
    -- level and class_code are grouped on (they follow from the code) so that filters on them reach the scan
    select document_id, unit_name, unit_code, region, year, stage, scope, econ_code, gov_econ_code,
           length(econ_code) // 2 as level, left(econ_code, 3) as class_code,
           sum(amount) filter (where measure = 'personnel') as personnel,    -- 人员经费 万元
           sum(amount) filter (where measure = 'public_use') as public_use,  -- 公用经费 万元
           max(amount) filter (where measure in ('total', 'amount')) as total_printed,  -- 合计 where printed
           min(source_page) as source_page
    from facts group by all
),
final as (
    select p.document_id, p.unit_name, p.unit_code, p.region, p.year, p.stage, p.scope,
           p.econ_code,                               -- 类 3 / 款 5 digits
           c.name as econ_name,
           p.level,                                   -- 1 类, 2 款
           p.class_code,
           k.name as class_name,
           p.personnel, p.public_use,
           coalesce(p.total_printed, coalesce(p.personnel, 0) + coalesce(p.public_use, 0)) as total,  -- 万元
           p.source_page,
           p.gov_econ_code                            -- 政府预算支出经济分类 of a multi-keyed row (Beijing 预算06表) or null
    from pivoted p
    left join dim_econ_class c on c.code = p.econ_code
    left join dim_econ_class k on k.code = p.class_code
)
select * from final;
