-- Hierarchy: a parent code equals the sum of its children (功能分类 类 = Σ款, 款 = Σ项; 经济分类 类 = Σ款).
-- A code's parent is its prefix two digits shorter. fact_seqs: the parent's fact, then its children's.
-- Set-based: {rules} has one row per rule (rule_id, kinds, code_column, child_lengths).
with facts as (
    select r.rule_id, r.child_lengths, f.*,
           case r.code_column when 'func_code' then f.func_code when 'econ_code' then f.econ_code end as code
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind)
),
children as (
    select rule_id, document_id, unit_id, scope, table_kind, measure,
           left(code, length(code) - 2) as parent_code, sum(amount) as total, count(*) as n, list(fact_seq) as seqs
    from facts where code is not null and list_contains(child_lengths, length(code))
    group by rule_id, document_id, unit_id, scope, table_kind, measure, parent_code
)
select p.rule_id, p.document_id, p.table_kind, p.code || ' ' || p.measure as subject,
       p.amount as expected, c.total as observed, c.n as n_terms, p.source_line, p.source_page, p.row_label,
       list_prepend(p.fact_seq, c.seqs) as fact_seqs
from facts p join children c
  on c.rule_id = p.rule_id and c.document_id = p.document_id and c.unit_id = p.unit_id and c.scope = p.scope
 and c.table_kind = p.table_kind and c.measure = p.measure and c.parent_code = p.code
