-- A 功能分类 table that prints no 类 (北京 预算05表 一般公共预算支出表 prints 项 only, their 款 and 类 left out:
-- CD01 'parent code not printed'): its total row equals, per column, the sum of the coded rows no printed row of
-- the table is an ancestor of. Tables that print their 类 are HI03's (合计 = Σ类).
-- A table printed as anonymous blocks (北京 预算05表, one block of 项 per unnamed unit, line_label 第N块) sums every
-- block's roots: the 合计 is the department's. A table in which the reader left a row unloaded (extract.row_unmapped,
-- code_unrepairable, code_repeated: blocks it could not split) is not compared: its Σ is incomplete by a coverage
-- gap (already a finding), which is no break of the report (as hierarchy.sql does for a parent's span).
-- Set-based: {rules} has one row per rule (rule_id, kinds, total_item, measures).
with facts as (
    select r.rule_id, r.total_item, r.measures, f.*
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind) and list_contains(r.measures, f.measure)
),
coded as (
    select * from facts where func_code is not null
),
classless as (  -- the tables (and their units) that print no 类 row at all
    select rule_id, document_id, table_seq, unit_id, scope from coded
    group by all having count(*) filter (where length(func_code) = 3) = 0
),
roots as (
    select c.* from coded c semi join classless t using (rule_id, document_id, table_seq, unit_id, scope)
    where not exists (
        select 1 from coded a
        where a.rule_id = c.rule_id and a.document_id = c.document_id and a.table_seq = c.table_seq
          and a.unit_id = c.unit_id and a.scope = c.scope and a.measure = c.measure
          and length(a.func_code) < length(c.func_code) and starts_with(c.func_code, a.func_code)
          -- an anonymous block's row (line_label 第2块) is a root unless its own block prints an ancestor
          and a.line_label is not distinct from c.line_label)
),
unloaded as (select * from {unloaded_rows}),
sums as (
    select rule_id, document_id, table_seq, unit_id, scope, measure, sum(amount) as total, count(*) as n,
           list(fact_seq) as seqs
    from roots group by all
)
select t.rule_id, t.document_id, t.table_kind, t.item || ' ' || t.measure as subject,
       t.amount as expected, s.total as observed, s.n as n_terms, t.source_line, t.source_page, t.row_label,
       list_prepend(t.fact_seq, s.seqs) as fact_seqs  -- the total's fact, then its root rows'
from facts t join sums s
  on s.rule_id = t.rule_id and s.document_id = t.document_id and s.table_seq = t.table_seq
 and s.unit_id = t.unit_id and s.scope = t.scope and s.measure = t.measure
where t.item = t.total_item
  and not exists (select 1 from unloaded u where u.document_id = t.document_id and u.table_kind = t.table_kind)
