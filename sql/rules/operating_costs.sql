-- OC01/OC02 (GovBudgetChecker R009): 机关运行经费 against the 公用经费 it is drawn from. 机关运行经费 is the
-- part of the 一般公共预算财政拨款基本支出 公用经费 spent by 行政单位 and 参照公务员法管理事业单位 (the national
-- definition the reports print, chaoyang-shebao-center-2024-final line 264; "与…行政单位和参照公务员法管理事业单位
-- 财政拨款基本支出中公用经费之和一致", line 184): never more than the report's 公用经费, and equal to it where the
-- report is one administrative unit. Sources: the 机关运行经费 table's 合计 cell and the narrative's sentence, each
-- compared on its own line. 公用经费: the 基本支出表's 公用经费合计 row, its 合计 row's 公用经费 column, else Σ its
-- 公用经费 类 (302, 310 … by reference/basic_split.csv). Reports from before {from_year} used another 口径.
-- rows only with: kind:gpb_basic_expenditure
-- rows only with: kind:operating_costs | claim:operating_costs
with doc as (
    select d.document_id, d.year, d.scope, u.unit_name
    from dim_document d join dim_unit u using (unit_id)
    where d.document_id in (select document_id from _scope)
),
basic as (
    select document_id, table_seq,
           coalesce(max(amount) filter (where item = 'public_use_total' and measure = 'public_use'),
                    max(amount) filter (where item = 'total' and measure = 'public_use'),
                    sum(amount) filter (where item is null and length(econ_code) = 3 and measure = 'public_use')) as amount,
           case when count(*) filter (where item in ('public_use_total', 'total') and measure = 'public_use') > 0
                then list(fact_seq) filter (where item in ('public_use_total', 'total') and measure = 'public_use')
                else list(fact_seq) filter (where item is null and length(econ_code) = 3 and measure = 'public_use') end as seqs,
           case when count(*) filter (where item in ('public_use_total', 'total') and measure = 'public_use') > 0 then 1
                else count(*) filter (where item is null and length(econ_code) = 3 and measure = 'public_use') end as n
    from _facts
    where table_kind = 'gpb_basic_expenditure' and {own_unit} and measure = 'public_use'
    group by document_id, table_seq
),
public_use as (  -- the first 基本支出表 of the document that prints a 公用经费
    select * from basic where amount is not null qualify row_number() over (partition by document_id order by table_seq) = 1
),
stated as (
    select document_id, amount, source_line, source_page, '机关运行经费 table 合计 ' || source_text as said, [fact_seq] as seqs
    from _facts
    where table_kind = 'operating_costs' and item = 'operating_costs_total' and {own_unit}
      and (measure = 'amount' or {stage_measure})
    union all
    select document_id, amount, source_line, source_page, claim_text, cast([] as integer[])
    from doc_claim
    where document_id in (select document_id from _scope) and claim_id = 'operating_costs' and target_rank = 1
),
final as (
    select s.document_id, 'operating_costs' as table_kind,
           s.said || ' against 一般公共预算基本支出 公用经费 ' || p.amount || ' (' || d.scope || ' report of ' || d.unit_name || ')' as subject,
           p.amount as expected, s.amount as observed, p.n as n_terms, s.source_line, s.source_page, s.said as row_label,
           list_concat(s.seqs, p.seqs) as fact_seqs
    from stated s join public_use p using (document_id) join doc d using (document_id)
    where d.year >= {from_year} and ({applies})
)
select * from final
