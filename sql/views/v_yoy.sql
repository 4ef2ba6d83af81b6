-- v_yoy: year-over-year change per unit, stage, table, code and measure (万元), with a flag when
-- the two years are not comparable (the code was printed under different names, or is new/gone).
create or replace view v_yoy as
with facts as (
    select f.*, coalesce(f.func_code, f.econ_code) as code from v_facts f where f.unit_of_measure = 'wan_yuan'
),
unit_years as (
    select distinct unit_name, region, stage, scope, year from facts
),
labels as (
    select l.system, l.code, d.year, min(l.label) as label, count(distinct l.label) as names
    from class_label l join dim_document d using (document_id) group by all
),
joined as (
    select coalesce(c.unit_name, p.unit_name) as unit_name, coalesce(c.region, p.region) as region,
           coalesce(c.stage, p.stage) as stage, coalesce(c.scope, p.scope) as scope,
           coalesce(c.table_kind, p.table_kind) as table_kind, coalesce(c.func_code, p.func_code) as func_code,
           coalesce(c.econ_code, p.econ_code) as econ_code, coalesce(c.item, p.item) as item,
           coalesce(c.measure, p.measure) as measure,
           coalesce(c.year, p.year + 1) as year,    -- the later year
           p.amount as prior_amount,                -- 万元 in year - 1
           c.amount as amount,                      -- 万元 in year
           c.document_id, c.source_page, p.document_id as prior_document_id, p.source_page as prior_source_page
    from facts c full outer join facts p
      on p.unit_name = c.unit_name and p.region is not distinct from c.region and p.year = c.year - 1
     and p.stage = c.stage and p.scope = c.scope and p.table_kind = c.table_kind and p.measure = c.measure
     and p.func_code is not distinct from c.func_code and p.econ_code is not distinct from c.econ_code
     and p.item is not distinct from c.item
),
final as (
    select j.*,
           j.amount - j.prior_amount as change,                                   -- 万元
           cast(j.amount / nullif(j.prior_amount, 0) - 1 as decimal(12, 4)) as growth,          -- relative change
           case
               when j.prior_amount is null then 'new_in_year'
               when j.amount is null then 'gone_in_year'
               when lc.label is distinct from lp.label then 'name_changed'
               else 'comparable'
           end as comparability
    from joined j
    left join labels lc on lc.code = coalesce(j.func_code, j.econ_code) and lc.year = j.year
                       and lc.system = case when j.func_code is not null then 'func' else 'econ' end
    left join labels lp on lp.code = coalesce(j.func_code, j.econ_code) and lp.year = j.year - 1
                       and lp.system = case when j.func_code is not null then 'func' else 'econ' end
    where exists (select 1 from unit_years u where u.unit_name = j.unit_name and u.region is not distinct from j.region
                  and u.stage = j.stage and u.scope = j.scope and u.year = j.year)
      and exists (select 1 from unit_years u where u.unit_name = j.unit_name and u.region is not distinct from j.region
                  and u.stage = j.stage and u.scope = j.scope and u.year = j.year - 1)
)
select * from final;
