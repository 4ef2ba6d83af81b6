-- v_budget_vs_final: the same unit, fiscal year and code in its budget and in its final account
-- (万元): amounts, difference and execution rate. 三公 budget figures also come from the next
-- year's budget report (上年预算数), when that is what was loaded.
-- The CTEs are inlined (not materialized) and the pick is per final-account row (its unit, code, region,
-- scope and fiscal year are in the window's partition), so filters on those columns reach the scans.
create or replace view v_budget_vs_final as
with keyed as not materialized (  -- figures of the report's own fiscal year
    select f.*, case when f.measure in ('budget', 'final') then 'amount' else f.measure end as figure,
           f.year as fiscal_year
    from v_facts f
    where f.unit_of_measure = 'wan_yuan'
      and f.measure in ('total', 'basic', 'project', 'personnel', 'public_use', 'amount', 'budget', 'final')
      -- not the rows of an anonymous block (a coded row with a line_label 第N块, 北京 预算05表): a block's
      -- position in the budget is no key to the final account's
      and (f.line_label is null or f.item is not null)
),
prior as not materialized (
    -- a budget's 上年预算数: the budget of the year before (apart from keyed, so that a filter on
    -- fiscal_year reaches both as a filter on the report's year)
    select f.*, 'amount' as figure, f.year - 1 as fiscal_year
    from v_facts f
    where f.unit_of_measure = 'wan_yuan' and f.measure = 'prior_budget' and (f.line_label is null or f.item is not null)
),
budget as not materialized (
    select * from keyed where (stage = 'budget' and measure not in ('final'))
                           or (stage = 'final' and measure = 'budget' and table_kind = 'three_public')
    union all
    select * from prior where stage = 'budget'
),
actual as not materialized (
    select * from keyed where stage = 'final' and measure not in ('budget')
),
joined as (
    select a.unit_name, a.unit_code, a.region, a.fiscal_year, a.table_kind, a.func_code, a.econ_code, a.gov_econ_code, a.item,
           a.figure as measure,
           b.amount as budget_amount,            -- 万元 as budgeted
           a.amount as final_amount,             -- 万元 as spent
           a.amount - b.amount as difference,    -- 万元
           cast(a.amount / nullif(b.amount, 0) as decimal(12, 4)) as execution_rate,
           b.document_id as budget_document_id, b.source_page as budget_source_page,
           a.document_id as final_document_id, a.source_page as final_source_page,
           a.line_label,                         -- printed path of a 政府采购 line (paired with the same path), else null
           row_number() over (partition by a.document_id, a.unit_name, a.unit_code, a.region, a.scope, a.fiscal_year, a.table_kind,
                                           a.func_code, a.econ_code, a.gov_econ_code, a.item, a.line_label, a.figure
                              order by (b.stage = 'budget') desc,      -- prefer the budget report,
                                       (b.year = b.fiscal_year) desc,  -- that year's own (over the next one's 上年预算数)
                                       b.document_id) as pick
    from actual a join budget b
      on b.unit_name = a.unit_name and b.region is not distinct from a.region and b.fiscal_year = a.fiscal_year
     and b.table_kind = a.table_kind and b.figure = a.figure and b.scope = a.scope
     and b.func_code is not distinct from a.func_code and b.econ_code is not distinct from a.econ_code
     and b.gov_econ_code is not distinct from a.gov_econ_code
     and b.item is not distinct from a.item
     and b.line_label is not distinct from a.line_label  -- lines sharing one item pair by their printed path
)
select * exclude (pick) from joined where pick = 1;
