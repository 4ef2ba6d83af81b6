-- An item row equals the sum of other rows of the same table and column (two-sided totals, 三公 parts).
-- Set-based: {rules} has one row per rule (rule_id, kinds, whole_item, part_items, measures, func_classes:
-- the 功能分类 类 rows count as parts too; same_column: measures that are one column printed on the two
-- sides of a two-sided table, the income side's amount and the expenditure side's 合计; min_terms: fewer parts
-- printed are a 其中 (of which) line, not the whole's breakdown).
-- A part whose parent ({part_parents}, rules.yaml part_parents) is printed among the same parts is
-- counted through its parent only (一、财政拨款 above 1.一般公共预算拨款 …: the parent or its children, not both).
with facts as (
    select r.rule_id, r.whole_item, r.part_items, coalesce(r.func_classes, false) as func_classes,
           coalesce(r.min_terms, 1) as min_terms, f.*,
           case when list_contains(r.same_column, f.measure) then r.same_column[1] else f.measure end as column_key
    from _facts f join {rules} r
      on list_contains(r.kinds, f.table_kind)
     and (list_contains(r.measures, f.measure) or list_contains(r.same_column, f.measure))
),
candidates as (
    select * from facts where list_contains(part_items, item) or (func_classes and length(func_code) = 3)
),
counted as (  -- a candidate whose parent item is a candidate of the same sum is left to its parent
    select c.* from candidates c
    where not exists (
        select 1 from {part_parents} pp join candidates q on q.item = pp.parent
        where pp.child = c.item and q.rule_id = c.rule_id and q.document_id = c.document_id
          and q.unit_id = c.unit_id and q.scope = c.scope and q.table_kind = c.table_kind
          and q.column_key = c.column_key)
),
parts as (
    select rule_id, document_id, unit_id, scope, table_kind, column_key,
           sum(amount) as total, count(*) as n, list(fact_seq) as seqs
    from counted group by all
)
select w.rule_id, w.document_id, w.table_kind, w.item || ' ' || w.measure as subject,
       w.amount as expected, p.total as observed, p.n as n_terms, w.source_line, w.source_page, w.row_label,
       list_prepend(w.fact_seq, p.seqs) as fact_seqs  -- the whole's fact, then its parts'
from facts w join parts p
  on p.rule_id = w.rule_id and p.document_id = w.document_id and p.unit_id = w.unit_id and p.scope = w.scope
 and p.table_kind = w.table_kind and p.column_key = w.column_key
where w.item = w.whole_item and p.n >= w.min_terms
