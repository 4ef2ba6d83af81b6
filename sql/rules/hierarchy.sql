-- Hierarchy: a parent code equals the sum of its children (功能分类 类 = Σ款, 款 = Σ项; 经济分类 类 = Σ款).
-- A code's parent is its prefix two digits shorter. fact_seqs: the parent's fact, then its children's.
-- A row whose name is no code in context (item {rules}.unlisted_item, layouts/name_rows.py) is a node too, keyed by
-- its printed path from its nearest coded ancestor (line_label "201 / 社会工作事务 / 其他社会工作事务支出"): its parent
-- is its path without the last name — the coded ancestor for "201 / 社会工作事务", the labelled row for a nested one.
-- Set-based: {rules} has one row per rule (rule_id, kinds, code_column, child_lengths, unlisted_item).
-- A parent under which the reader left a row unloaded (extract.row_unmapped, code_unrepairable …, on a
-- line between the parent and the next code of its level or above) is not compared: its sum is
-- incomplete by a coverage gap (already a finding), which is no break of the report.
with facts as (
    select r.rule_id, r.child_lengths, f.*,
           case r.code_column when 'func_code' then f.func_code when 'econ_code' then f.econ_code end as code,
           -- a labelled row (no code of its own): its printed path
           case when f.item = r.unlisted_item and f.line_label is not null then f.line_label end as path,
           -- the row's other keys (Beijing 预算03表: 功能 × 政府经济 × 部门经济 per row): a parent sums its
           -- children under the same other keys, never across them
           case r.code_column when 'func_code' then f.econ_code else f.func_code end as other_code,
           -- a coded row of an anonymous block (北京 预算05表, one block per unnamed unit: line_label 第2块): a parent
           -- sums the children of its own block, never another block's
           case when coalesce(f.func_code, f.econ_code) is not null then f.line_label end as block
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind)
),
nodes as (  -- coded rows and labelled rows alike: node, and the node of its parent when it counts in one
    select *, coalesce(code, path) as node,
           case when code is not null and list_contains(child_lengths, length(code)) then left(code, length(code) - 2)
                when code is null then array_to_string(list_slice(string_split(path, ' / '), 1, len(string_split(path, ' / ')) - 1), ' / ')
           end as parent_node
    from facts where code is not null or path is not null
),
children as (
    select rule_id, document_id, unit_id, scope, table_kind, measure, other_code, gov_econ_code, block,
           parent_node, sum(amount) as total, count(*) as n, list(fact_seq) as seqs
    from nodes where parent_node is not null and parent_node <> ''
    group by rule_id, document_id, unit_id, scope, table_kind, measure, other_code, gov_econ_code, block, parent_node
),
spans as (  -- each parent's lines: up to the next code of its level or above in the same table (a labelled
            -- parent: up to the next code)
    select p.*, coalesce(
               (select min(n.source_line) from facts n
                where n.rule_id = p.rule_id and n.document_id = p.document_id and n.table_seq = p.table_seq
                  and n.code is not null and (p.code is null or length(n.code) <= length(p.code))
                  and n.source_line > p.source_line),
               (select max(t.source_line) + 2 from facts t  -- the last parent of its table: up to the table's end
                where t.rule_id = p.rule_id and t.document_id = p.document_id and t.table_seq = p.table_seq)
           ) as span_end
    from nodes p
),
unloaded as (select * from {unloaded_rows})
select p.rule_id, p.document_id, p.table_kind, p.node || ' ' || p.measure as subject,
       p.amount as expected, c.total as observed, c.n as n_terms, p.source_line, p.source_page, p.row_label,
       list_prepend(p.fact_seq, c.seqs) as fact_seqs
from spans p join children c
  on c.rule_id = p.rule_id and c.document_id = p.document_id and c.unit_id = p.unit_id and c.scope = p.scope
 and c.table_kind = p.table_kind and c.measure = p.measure and c.parent_node = p.node
 and c.other_code is not distinct from p.other_code and c.gov_econ_code is not distinct from p.gov_econ_code
 and c.block is not distinct from p.block
where not exists (select 1 from unloaded u where u.document_id = p.document_id and u.table_kind = p.table_kind
                  and u.source_line > p.source_line and u.source_line < p.span_end)
