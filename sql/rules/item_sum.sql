-- An item row equals the sum of other rows of the same table and column (two-sided totals, 三公 parts).
-- Set-based: {rules} has one row per rule (rule_id, kind, whole_item, part_items, measures, func_classes:
-- the 功能分类 类 rows count as parts too).
with facts as (
    select r.rule_id, r.whole_item, r.part_items, coalesce(r.func_classes, false) as func_classes, f.*
    from _facts f join {rules} r on f.table_kind = r.kind and list_contains(r.measures, f.measure)
),
parts as (
    select rule_id, document_id, unit_id, scope, measure, sum(amount) as total, count(*) as n, list(fact_seq) as seqs
    from facts where list_contains(part_items, item) or (func_classes and length(func_code) = 3)
    group by rule_id, document_id, unit_id, scope, measure
)
select w.rule_id, w.document_id, w.table_kind, w.item || ' ' || w.measure as subject,
       w.amount as expected, p.total as observed, p.n as n_terms, w.source_line, w.source_page, w.row_label,
       list_prepend(w.fact_seq, p.seqs) as fact_seqs  -- the whole's fact, then its parts'
from facts w join parts p
  on p.rule_id = w.rule_id and p.document_id = w.document_id and p.unit_id = w.unit_id and p.scope = w.scope
 and p.measure = w.measure
where w.item = w.whole_item
