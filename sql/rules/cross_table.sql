-- The same figure printed in two tables of one document: left_kind vs right_kind.
-- Set-based: {rules} has one row per rule (rule_id, left_kind, left_measures, right_kind, right_measures);
-- the keys are SQL expressions over the facts ({case:…} picks the rule's own).
with a as (
    select r.rule_id, f.*, {case:left_join} as join_key
    from _facts f join {rules} r on f.table_kind = r.left_kind and list_contains(r.left_measures, f.measure)
    where {case:left_key}
),
b as (
    select r.rule_id, f.document_id, f.unit_id, f.scope, {case:right_join} as join_key,
           sum(f.amount) as amount, count(*) as n, list(f.fact_seq) as seqs
    from _facts f join {rules} r on f.table_kind = r.right_kind and list_contains(r.right_measures, f.measure)
    where {case:right_key}
    group by all
)
select a.rule_id, a.document_id, a.table_kind, coalesce(a.func_code, a.econ_code, a.item) || ' ' || a.measure as subject,
       a.amount as expected, b.amount as observed, b.n as n_terms, a.source_line, a.source_page, a.row_label,
       list_prepend(a.fact_seq, b.seqs) as fact_seqs  -- the left figure's fact, then the right ones'
from a join b
  on b.rule_id = a.rule_id and b.document_id = a.document_id and b.unit_id = a.unit_id and b.scope = a.scope
 and b.join_key = a.join_key
