-- v_yoy: year-over-year change per unit, stage, table, code and measure (万元), with a flag when
-- the two years are not comparable (the code was printed under different names, or is new/gone).
-- The rows are those of a full outer join of each year's facts with the year before's on the key
-- (unit, region, stage, scope, table, codes, item, measure), kept when the unit printed anything in
-- both years (same stage and scope); a key printed more than once gives every pair.
--
-- The shape is for speed at 10 M facts (bench/query_latency.py; same rows as the plain formulation:
-- tests/serve/test_view_rewrites.py). A filter on year or on any key column reaches the fact scan,
-- and the facts are read once: the CTEs over facts are each used once, because DuckDB merges two
-- equal uses into one shared scan and then applies the outer filters after the scan, not in it.
--   * figures/pairs: one GROUP BY over the facts, each taken as the figure of its year and as the
--     prior figure of the year after; the doubling is done on the documents, so a filter on year
--     becomes a filter on documents (2 of 8 years of facts pass the scan's runtime filter).
--   * checked: "both unit-years loaded" needs the unit's other facts only for keys printed in one
--     of the two years (a key printed in both proves both). Keys printed in both are matched to a
--     placeholder row (scope '') per unit, the others to the unit's facts of the other year, in one
--     semi join built on those rows. Its key columns are columns of fact_amount plus one row value
--     (a plain column of dim_document as a key would stop DuckDB from pushing any runtime filter
--     into the fact scan), so the filter reaches the scan: when every key was printed in both years
--     it is scope = '' and skips every row group; for one unit it is unit_id = …. When keys printed
--     in one year only come from two or more units the filter is only a range (DuckDB 2.0 builds
--     no per-row filter for a join on several columns) and this reads the facts of all years
--     (the check before this shape read both years' facts for every question, then grouped them).
--   * labels: the names are aggregated per code and year after the filter on year reached them
--     (the year before's through next_year), not over all years first; not materialized, so each
--     use gets its own year.
create or replace view v_yoy as
with documents as (  -- each document as of its year (current) and as the year before of the next one
    select document_id, year + shift as year, shift = 0 as current
    from dim_document, (values (0), (1)) as s(shift)
),
figures as (  -- each fact as the figure of its year and as the prior figure of the year after
    select f.unit_name, f.region, f.stage, f.scope, f.table_kind, f.func_code, f.econ_code, f.item, f.measure, d.year,
           {'amount': f.amount, 'document_id': f.document_id, 'source_page': f.source_page} as figure, d.current
    from v_facts f join documents d on d.document_id = f.document_id
    where f.unit_of_measure = 'wan_yuan'
),
pairs as (
    select unit_name, region, stage, scope, table_kind, func_code, econ_code, item, measure, year,
           list(figure) filter (where current) as now,        -- the figures printed for the year
           list(figure) filter (where not current) as before  -- the figures printed for the year before
    from figures
    -- a unit-year with a null in these is never "loaded" (they are compared with =)
    where unit_name is not null and stage is not null and scope is not null and year is not null
    group by all
),
sided as (  -- other_year: for a key printed in one of the two years only, the year that must be loaded too
    select *, case when now is null then year when before is null then year - 1 end as other_year
    from pairs
),
checked as (  -- the keys of unit-years loaded in both years
    select distinct k.* exclude (other_year)  -- (distinct: a unit name and region under two unit ids)
    from sided k
    join dim_unit u on u.unit_name = k.unit_name and u.region is not distinct from k.region
    semi join (
        select f.unit_id, f.scope, d.stage, d.year, true as printed  -- the unit-years printed
        from fact_amount f join dim_document d on d.document_id = f.document_id
        where f.unit_of_measure = 'wan_yuan' and d.status = 'loaded'
        union all
        select unit_id, '', null, null, false from dim_unit           -- a match for keys printed in both years
    ) x
      on x.unit_id = u.unit_id
     and x.scope = case when k.other_year is null then '' else k.scope end
     -- (one row value, not two columns: a column of dim_document as a join key would keep the
     -- runtime filter of unit_id and scope from reaching the fact scan)
     and (x.stage, x.year) is not distinct from (case when k.other_year is not null then k.stage end, k.other_year)
     and x.printed = (k.other_year is not null)
),
with_now as (  -- one row per figure of the year (or one without, when only the year before printed it)
    select k.*, unnest(coalesce(k.now, [null])) as n from checked k
),
labels as not materialized (  -- (not materialized: each use gets the filter on its year)
    select l.system, l.code, d.year, d.year + 1 as next_year, min(l.label) as label
    from class_label l join dim_document d using (document_id) group by l.system, l.code, d.year
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
    -- next_year = year, not year = year - 1: an equality of columns carries the filter on year over
    left join labels lp on lp.code = coalesce(j.func_code, j.econ_code) and lp.next_year = j.year
                       and lp.system = case when j.func_code is not null then 'func' else 'econ' end
)
select * from final;
