-- A summary line equals the sum of the 类 rows printed under it in another column (西安 收支总表 支出方 by
-- 经济分类: 1、人员经费和公用经费支出 = 301 + 302 + 303 of its 基本支出 column, 2、专项业务经费支出 = Σ 类 of its
-- 项目 column). Set-based: {rules} has one row per rule (rule_id, kinds, whole_item, whole_measure, part_measure);
-- {case:part_key} is the rule's SQL test of a part row (a 3-digit 经济分类 code).
with wholes as (
    select r.rule_id, r.part_measure, f.*
    from _facts f join {rules} r
      on list_contains(r.kinds, f.table_kind) and f.item = r.whole_item and f.measure = r.whole_measure
),
parts as (
    select r.rule_id, f.document_id, f.unit_id, f.scope, f.table_kind, f.table_seq,
           sum(f.amount) as total, count(*) as n, list(f.fact_seq) as seqs
    from _facts f join {rules} r on list_contains(r.kinds, f.table_kind) and f.measure = r.part_measure
    where {case:part_key}
    group by all
)
select w.rule_id, w.document_id, w.table_kind, w.item || ' ' || w.measure as subject,
       w.amount as expected, p.total as observed, p.n as n_terms, w.source_line, w.source_page, w.row_label,
       list_prepend(w.fact_seq, p.seqs) as fact_seqs  -- the line's fact, then its 类 rows'
from wholes w join parts p
  on p.rule_id = w.rule_id and p.document_id = w.document_id and p.unit_id = w.unit_id and p.scope = w.scope
 and p.table_kind = w.table_kind and p.table_seq is not distinct from w.table_seq
