-- v_three_public: 三公经费 budget vs actual per unit and fiscal year (万元), from final accounts
-- (全年预算数 / 决算数) and from budget reports (本年预算数; 上年预算数 / 上年执行数 for the year before).
create or replace view v_three_public as
with facts as (
    select * from v_facts where table_kind = 'three_public' and unit_of_measure = 'wan_yuan'
),
figures as (
    select document_id, unit_name, unit_code, region, scope, stage, item, source_page,
           case when measure in ('prior_budget', 'prior_final') then year - 1 else year end as fiscal_year,
           case when measure in ('budget', 'prior_budget') then amount end as budget_amount,
           case when measure in ('final', 'prior_final') then amount end as final_amount
    from facts where measure in ('budget', 'final', 'prior_budget', 'prior_final')
),
final as (
    select document_id,                         -- the report the figures come from
           stage as reported_in,                -- budget | final: which kind of report printed them
           unit_name, unit_code, region, scope, fiscal_year,
           item,                                -- three_public_total, official_reception, …
           max(budget_amount) as budget_amount, -- 预算数 万元
           max(final_amount) as final_amount,   -- 决算数 / 执行数 万元
           cast(max(final_amount) / nullif(max(budget_amount), 0) as decimal(12, 4)) as execution_rate,  -- 决算 ÷ 预算
           min(source_page) as source_page
    from figures group by all
)
select * from final;
