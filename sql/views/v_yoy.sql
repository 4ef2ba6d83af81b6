-- v_yoy: year-over-year change per unit, stage, table, code and measure (万元), with a flag when
-- the two years are not comparable (the code was printed under different names, or is new/gone).
-- The rows are those of a full outer join of each year's facts with the year before's on the key
-- (unit, region, stage, scope, table, codes, item, measure), computed as one GROUP BY over the facts
-- taken twice (as of their year, and as the prior figure of the year after), so that a filter on any
-- key column or on year reaches the fact scans; a key printed more than once gives every pair.
create or replace view v_yoy as
with figures as (  -- each fact as the figure of its year and as the prior figure of the year after
    select unit_name, region, stage, scope, table_kind, func_code, econ_code, item, measure, year,
           {'amount': amount, 'document_id': document_id, 'source_page': source_page} as figure, true as current
    from v_facts where unit_of_measure = 'wan_yuan'
    union all
    select unit_name, region, stage, scope, table_kind, func_code, econ_code, item, measure, year + 1,
           {'amount': amount, 'document_id': document_id, 'source_page': source_page}, false
    from v_facts where unit_of_measure = 'wan_yuan'
),
pairs as (
    select unit_name, region, stage, scope, table_kind, func_code, econ_code, item, measure, year,
           list(figure) filter (where current) as now,        -- the figures printed for the year
           list(figure) filter (where not current) as before  -- the figures printed for the year before
    from figures group by all
),
unit_years as materialized (  -- (materialized: a filter on unit or year reaches it for both years below)
    select distinct unit_name, region, stage, scope, year from v_facts where unit_of_measure = 'wan_yuan'
),
spans as (  -- unit-years whose year before is loaded too (same stage and scope)
    select unit_name, region, stage, scope, year
    from (select unit_name, region, stage, scope, year from unit_years
          union all
          select unit_name, region, stage, scope, year + 1 from unit_years)
    group by all having count(*) = 2
),
labels as (
    select l.system, l.code, d.year, min(l.label) as label
    from class_label l join dim_document d using (document_id) group by all
),
with_now as (  -- one row per figure of the year (or one without, when only the year before printed it)
    select k.*, unnest(coalesce(k.now, [null])) as n
    from pairs k
    join spans s
      on s.unit_name = k.unit_name and s.region is not distinct from k.region and s.stage = k.stage
     and s.scope = k.scope and s.year = k.year
),
joined as (
    select unit_name, region, stage, scope, table_kind, func_code, econ_code, item, measure,
           year,                                    -- the later year
           b.amount as prior_amount,                -- 万元 in year - 1
           n.amount as amount,                      -- 万元 in year
           n.document_id as document_id, n.source_page as source_page,
           b.document_id as prior_document_id, b.source_page as prior_source_page
    from (select w.*, unnest(coalesce(w.before, [null])) as b from with_now w)
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
)
select * from final;
