-- Row identity: in one row of a table, the whole column equals the sum of its part columns. A row is its
-- key and its printed line (a department table keys both its 合计 row and the department's own row as total).
-- Set-based: {rules} has one row per rule (rule_id, kinds, whole, parts). A part column whose parent
-- column ({part_parents}: 一般公共预算 under 财政拨款) the row prints too is counted through its parent.
with cells as (
    select r.rule_id, r.whole, r.parts, f.*
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind)
),
counted as (
    select c.*,
           list_contains(c.parts, c.measure) and not exists (
               select 1 from {part_parents} pp join cells q on q.measure = pp.parent
               where pp.child = c.measure and list_contains(c.parts, pp.parent) and q.rule_id = c.rule_id
                 and q.document_id = c.document_id and q.unit_id = c.unit_id and q.scope = c.scope
                 and q.table_kind = c.table_kind
                 and q.func_code is not distinct from c.func_code and q.econ_code is not distinct from c.econ_code
                 and q.item is not distinct from c.item and q.source_line = c.source_line) as is_part
    from cells c
),
rows as (
    select rule_id, document_id, unit_id, scope, table_kind, func_code, econ_code, item, source_line,
           max(amount) filter (where measure = whole) as whole,
           sum(amount) filter (where is_part) as parts,
           count(*) filter (where is_part) as n_parts,
           list(fact_seq) filter (where measure = whole or is_part) as fact_seqs,
           min(source_page) as source_page, min(row_label) as row_label
    from counted
    group by rule_id, document_id, unit_id, scope, table_kind, func_code, econ_code, item, source_line
)
select rule_id, document_id, table_kind, coalesce(func_code, econ_code, item) as subject,
       whole as expected, parts as observed, n_parts as n_terms, source_line, source_page, row_label, fact_seqs
from rows where whole is not null and n_parts > 0
