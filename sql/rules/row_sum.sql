-- Row identity: in one row of a table, the whole column equals the sum of its part columns.
-- Set-based: {rules} has one row per rule (rule_id, kind, whole, parts).
with rows as (
    select r.rule_id, f.document_id, f.unit_id, f.scope, f.table_kind, f.func_code, f.econ_code, f.item,
           max(f.amount) filter (where f.measure = r.whole) as whole,
           sum(f.amount) filter (where list_contains(r.parts, f.measure)) as parts,
           count(*) filter (where list_contains(r.parts, f.measure)) as n_parts,
           list(f.fact_seq) filter (where f.measure = r.whole or list_contains(r.parts, f.measure)) as fact_seqs,
           min(f.source_line) as source_line, min(f.source_page) as source_page, min(f.row_label) as row_label
    from _facts f join {rules} r on f.table_kind = r.kind
    group by r.rule_id, f.document_id, f.unit_id, f.scope, f.table_kind, f.func_code, f.econ_code, f.item
)
select rule_id, document_id, table_kind, coalesce(func_code, econ_code, item) as subject,
       whole as expected, parts as observed, n_parts as n_terms, source_line, source_page, row_label, fact_seqs
from rows where whole is not null and n_parts > 0
