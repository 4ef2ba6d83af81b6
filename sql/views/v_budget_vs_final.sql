-- v_budget_vs_final: the same unit, fiscal year and code in its budget and in its final account
-- (万元): amounts, difference and execution rate. 三公 budget figures also come from the next
-- year's budget report (上年预算数), when that is what was loaded.
create or replace view v_budget_vs_final as
with keyed as (
    select f.*, case when f.measure in ('budget', 'final', 'prior_budget', 'prior_final') then 'amount' else f.measure end as figure,
           case when f.measure in ('prior_budget', 'prior_final') then f.year - 1 else f.year end as fiscal_year
    from v_facts f
    where f.unit_of_measure = 'wan_yuan'
      and f.measure in ('total', 'basic', 'project', 'personnel', 'public_use', 'amount', 'budget', 'final', 'prior_budget')
),
budget as (
    select * from keyed where (stage = 'budget' and measure not in ('final'))
                           or (stage = 'final' and measure = 'budget' and table_kind = 'three_public')
),
actual as (
    select * from keyed where stage = 'final' and measure not in ('budget', 'prior_budget')
),
joined as (
    select a.unit_name, a.unit_code, a.region, a.fiscal_year, a.table_kind, a.func_code, a.econ_code, a.item,
           a.figure as measure,
           b.amount as budget_amount,            -- 万元 as budgeted
           a.amount as final_amount,             -- 万元 as spent
           a.amount - b.amount as difference,    -- 万元
           cast(a.amount / nullif(b.amount, 0) as decimal(12, 4)) as execution_rate,
           b.document_id as budget_document_id, b.source_page as budget_source_page,
           a.document_id as final_document_id, a.source_page as final_source_page,
           row_number() over (partition by a.document_id, a.table_kind, a.func_code, a.econ_code, a.item, a.figure
                              order by (b.stage = 'budget') desc) as pick  -- prefer the budget report
    from actual a join budget b
      on b.unit_name = a.unit_name and b.region is not distinct from a.region and b.fiscal_year = a.fiscal_year
     and b.table_kind = a.table_kind and b.figure = a.figure and b.scope = a.scope
     and b.func_code is not distinct from a.func_code and b.econ_code is not distinct from a.econ_code
     and b.item is not distinct from a.item
)
select * exclude (pick) from joined where pick = 1;
