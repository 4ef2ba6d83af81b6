-- v_unit_peers: units of the same kind (dim_unit_kind) across cities, as shares so sizes compare:
-- each 类 of 支出表 as a share of its total, 人员经费 as a share of 基本支出, per year and stage.
-- (facts is inlined, and the window's partition lists every column fixed by document and unit, so
-- filters on unit, kind, region, year or stage reach the fact scan.)
create or replace view v_unit_peers as
with facts as not materialized (
    select f.*, coalesce(k.kind, 'other') as unit_kind
    from v_facts f left join dim_unit_kind k on k.unit_name = f.unit_name
),
function_shares as (
    select document_id, unit_name, unit_kind, region, year, stage, scope, 'expenditure_by_class' as comparison,
           func_code as code, amount,
           amount / nullif(sum(amount) over (partition by document_id, unit_name, unit_kind, region, year, stage, scope), 0) as share
    from facts where table_kind = 'expenditure' and measure = 'total' and length(func_code) = 3
),
personnel_share as (
    select document_id, unit_name, unit_kind, region, year, stage, scope, 'personnel_share_of_basic' as comparison,
           null as code,
           sum(amount) filter (where measure = 'personnel') as amount,
           sum(amount) filter (where measure = 'personnel') / nullif(sum(amount), 0) as share
    from facts
    where table_kind = 'gpb_basic_expenditure' and econ_code is not null and length(econ_code) = 3
      and measure in ('personnel', 'public_use')
    group by all
),
final as (
    select document_id, unit_name, unit_kind, region, year, stage, scope, comparison,
           code,                          -- 功能分类 类 for expenditure_by_class
           amount,                        -- 万元
           cast(share as decimal(12, 4)) as share  -- 0..1 of the unit's own total
    from function_shares
    union all
    select document_id, unit_name, unit_kind, region, year, stage, scope, comparison, code, amount, cast(share as decimal(12, 4))
    from personnel_share
)
select * from final;
