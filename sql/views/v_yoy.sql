-- v_yoy: year-over-year change per unit, stage, table, code and measure (万元), with a flag when
-- the two years are not comparable (the code was printed under different names, or is new/gone).
-- The rows are those of a full outer join of each year's facts with the year before's on the key
-- (unit, region, stage, scope, table, codes (func, econ, gov_econ), item, line_label, measure), kept when the unit printed
-- anything in both years (same stage and scope); a key printed more than once gives every pair. Lines sharing one item
-- (政府采购 project / 品目 lines) pair by their printed path (line_label, the last column): a line with its own line.
-- Rows of anonymous blocks (coded rows keyed by block position, line_label 第N块) are left out: no false pairs.
--
-- The shape is for speed at 10 M facts on real data (bench/query_latency.py; same rows as the plain
-- formulation: tests/serve/test_view_rewrites.py):
--   * figures/pairs: one GROUP BY over the facts, each taken as the figure of its year and as the
--     prior figure of the year after; the doubling is done on the documents, so a filter on year
--     becomes a filter on documents and reaches the fact scan.
--   * spans: "both unit-years loaded" is checked for every key, from the distinct unit-years
--     (materialized, so a filter on unit or year reaches it for both years), read from the
--     per-document summary doc_fact_unit (~7 rows per document) rather than grouped from the facts
--     (2.5 M fact rows per one-year question at 10 M facts: 213 -> 130 ms). A shape that skipped
--     the check for keys printed in both years (de4a46a) was fast only where codes are never new or
--     gone (generated data); where they are new or gone in many units, as in real reports, it was
--     1.3-1.4x slower, so the check stays for every key.
--   * labels: the names are aggregated per code and year after the filter on year reached them
--     (the year before's through next_year), not over all years first; not materialized, so each
--     use gets its own year.
create or replace view v_yoy as
with documents as (  -- each document as of its year (current) and as the year before of the next one
    select document_id, year + shift as year, shift = 0 as current
    from dim_document, (values (0), (1)) as s(shift)
),
figures as (  -- each fact as the figure of its year and as the prior figure of the year after
    select f.unit_name, f.region, f.stage, f.scope, f.table_kind, f.func_code, f.econ_code, f.gov_econ_code, f.item,
           f.measure, d.year, f.line_label,
           {'amount': f.amount, 'document_id': f.document_id, 'source_page': f.source_page} as figure, d.current
    from v_facts f join documents d on d.document_id = f.document_id
    where f.unit_of_measure = 'wan_yuan'
      -- not the rows of an anonymous block (a coded row with a line_label 第N块, 北京 预算05表): a block's position
      -- is no key across documents (sum them by code in v_facts for the department's figure)
      and (f.line_label is null or f.item is not null)
),
pairs as (
    select unit_name, region, stage, scope, table_kind, func_code, econ_code, gov_econ_code, item, measure, year, line_label,
           list(figure) filter (where current) as now,        -- the figures printed for the year
           list(figure) filter (where not current) as before  -- the figures printed for the year before
    from figures group by all
),
unit_years as materialized (  -- (materialized: a filter on unit or year reaches it for both years below)
    select distinct u.unit_name, u.region, d.stage, s.scope, d.year
    from doc_fact_unit s
    join dim_document d on d.document_id = s.document_id and d.status = 'loaded'
    join dim_unit u on u.unit_id = s.unit_id
    where s.unit_of_measure = 'wan_yuan'
),
spans as (  -- unit-years whose year before is loaded too (same stage and scope)
    select unit_name, region, stage, scope, year
    from (select unit_name, region, stage, scope, year from unit_years
          union all
          select unit_name, region, stage, scope, year + 1 from unit_years)
    group by all having count(*) = 2
),
labels as not materialized (
    select l.system, l.code, d.year, d.year + 1 as next_year, min(l.label) as label
    from class_label l join dim_document d using (document_id) group by l.system, l.code, d.year
),
with_now as (  -- one row per figure of the year (or one without, when only the year before printed it)
    select k.*, unnest(coalesce(k.now, [null])) as n
    from pairs k
    join spans s
      on s.unit_name = k.unit_name and s.region is not distinct from k.region and s.stage = k.stage
     and s.scope = k.scope and s.year = k.year
),
joined as (
    select unit_name, region, stage, scope, table_kind, func_code, econ_code, gov_econ_code, item, measure,
           year,                                    -- the later year
           b.amount as prior_amount,                -- 万元 in year - 1
           n.amount as amount,                      -- 万元 in year
           n.document_id as document_id, n.source_page as source_page,
           b.document_id as prior_document_id, b.source_page as prior_source_page,
           line_label                               -- printed path of a 政府采购 line, else null
    from (select w.*, unnest(coalesce(w.before, [null])) as b from with_now w)
),
final as (
    select j.* exclude (line_label),
           j.amount - j.prior_amount as change,                                   -- 万元
           cast(j.amount / nullif(j.prior_amount, 0) - 1 as decimal(12, 4)) as growth,          -- relative change
           case
               when j.prior_amount is null then 'new_in_year'
               when j.amount is null then 'gone_in_year'
               when lc.label is distinct from lp.label then 'name_changed'
               else 'comparable'
           end as comparability,
           j.line_label                                                           -- printed path of a 政府采购 line, else null
    from joined j
    left join labels lc on lc.code = coalesce(j.func_code, j.econ_code) and lc.year = j.year
                       and lc.system = case when j.func_code is not null then 'func' else 'econ' end
    left join labels lp on lp.code = coalesce(j.func_code, j.econ_code) and lp.next_year = j.year
                       and lp.system = case when j.func_code is not null then 'func' else 'econ' end
)
select * from final;
