-- A table's total row equals the sum of its 类 rows (功能分类 3-digit or 经济分类 3-digit), per column.
-- Set-based: {rules} has one row per rule (rule_id, kinds, total_item, measures).
with facts as (
    select r.rule_id, r.total_item, r.measures, f.*
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind)
),
classes as (
    select rule_id, document_id, unit_id, scope, table_kind, measure, sum(amount) as total, count(*) as n, list(fact_seq) as seqs
    from facts where length(coalesce(func_code, econ_code)) = 3 and list_contains(measures, measure)
    group by rule_id, document_id, unit_id, scope, table_kind, measure
)
select t.rule_id, t.document_id, t.table_kind, t.item || ' ' || t.measure as subject,
       t.amount as expected, c.total as observed, c.n as n_terms, t.source_line, t.source_page, t.row_label,
       list_prepend(t.fact_seq, c.seqs) as fact_seqs  -- the total's fact, then its classes'
from facts t join classes c
  on c.rule_id = t.rule_id and c.document_id = t.document_id and c.unit_id = t.unit_id and c.scope = t.scope
 and c.table_kind = t.table_kind and c.measure = t.measure
where t.item = t.total_item
