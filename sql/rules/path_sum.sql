-- A row keyed by its printed path equals the sum of the rows one level down whose path extends it
-- (政府采购 tables: 一、货物A = Σ its project lines, a project line "一、货物A / 信息网络建设费 / 信息网络及软件购置更新"
-- = Σ its 品目 lines "… / PC服务器 / 政府集中采购"; layouts/procurement_lines.py). Per column, unit and scope.
-- Set-based: {rules} has one row per rule (rule_id, kinds, whole_items, part_items).
with facts as (
    select r.rule_id, r.whole_items, r.part_items, f.*
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind)
    where f.row_label is not null and f.row_label <> ''
),
wholes as (select * from facts where list_contains(whole_items, item)),
parts as (select * from facts where list_contains(part_items, item))
select w.rule_id, w.document_id, w.table_kind, w.item || ' ' || w.measure as subject,
       w.amount as expected, sum(p.amount) as observed, count(*) as n_terms, w.source_line, w.source_page, w.row_label,
       list_prepend(w.fact_seq, list(p.fact_seq)) as fact_seqs  -- the whole's fact, then its parts'
from wholes w join parts p
  on p.rule_id = w.rule_id and p.document_id = w.document_id and p.unit_id = w.unit_id and p.scope = w.scope
 and p.table_kind = w.table_kind and p.measure = w.measure
 and starts_with(p.row_label, w.row_label || ' / ')
group by w.rule_id, w.document_id, w.table_kind, w.item, w.measure, w.amount, w.source_line, w.source_page,
         w.row_label, w.fact_seq
