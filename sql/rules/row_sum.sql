-- Row identity: in one row of a table, the whole column equals the sum of its part columns. A row is its
-- key and its printed line (a department table keys both its 合计 row and the department's own row as total).
-- Set-based: {rules} has one row per rule (rule_id, kinds, whole, parts). A part column whose parent
-- column ({part_parents}: 一般公共预算 under 财政拨款) the row prints too is counted through its parent.
with cells as (
    select r.rule_id, r.whole, r.parts, f.*
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind)
),
blocked as (  -- (rule, row, part column) whose parent column the row prints too: counted through the parent
    select distinct q.rule_id, q.document_id, q.unit_id, q.scope, q.table_kind, q.func_code, q.econ_code, q.item,
           q.source_line, pp.child
    from cells q join {part_parents} pp on pp.parent = q.measure
    where list_contains(q.parts, pp.parent)
),
counted as (
    select c.*, list_contains(c.parts, c.measure) and b.child is null as is_part
    from cells c left join blocked b
      on b.rule_id = c.rule_id and b.document_id = c.document_id and b.unit_id = c.unit_id and b.scope = c.scope
     and b.table_kind = c.table_kind and b.func_code is not distinct from c.func_code
     and b.econ_code is not distinct from c.econ_code and b.item is not distinct from c.item
     and b.source_line = c.source_line and b.child = c.measure
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
