-- v_revisions: what changed between a superseded document and the version that replaced it.
create or replace view v_revisions as
with pairs as (
    select document_id as old_document_id, superseded_by as new_document_id
    from dim_document where status = 'superseded' and superseded_by is not null
),
old_facts as (
    select p.old_document_id, p.new_document_id, f.*
    from pairs p join fact_amount f on f.document_id = p.old_document_id
),
new_facts as (
    select p.old_document_id, p.new_document_id, f.*
    from pairs p join fact_amount f on f.document_id = p.new_document_id
),
joined as (
    select coalesce(o.old_document_id, n.old_document_id) as old_document_id,
           coalesce(o.new_document_id, n.new_document_id) as new_document_id,
           coalesce(o.unit_id, n.unit_id) as unit_id, coalesce(o.scope, n.scope) as scope,
           coalesce(o.table_kind, n.table_kind) as table_kind, coalesce(o.func_code, n.func_code) as func_code,
           coalesce(o.econ_code, n.econ_code) as econ_code,
           coalesce(o.gov_econ_code, n.gov_econ_code) as gov_econ_code,  -- 政府预算支出经济分类 (Beijing 预算03表) or null
           coalesce(o.item, n.item) as item,
           coalesce(o.measure, n.measure) as measure,
           o.amount as old_amount,           -- 万元 in the superseded version (null: not printed)
           n.amount as new_amount,           -- 万元 in the new version (null: no longer printed)
           o.source_line as old_source_line, n.source_line as new_source_line,
           coalesce(o.line_label, n.line_label) as line_label  -- printed path of a 政府采购 line, else null
    from old_facts o full outer join new_facts n
      on n.old_document_id = o.old_document_id and n.unit_id = o.unit_id and n.scope = o.scope
     and n.table_kind = o.table_kind and n.measure = o.measure
     and n.func_code is not distinct from o.func_code and n.econ_code is not distinct from o.econ_code
     and n.gov_econ_code is not distinct from o.gov_econ_code
     and n.item is not distinct from o.item
     and n.line_label is not distinct from o.line_label  -- lines sharing one item pair by their printed path
),
final as (
    select j.* exclude (line_label), u.unit_name,
           case when old_amount is null then 'added' when new_amount is null then 'removed' else 'changed' end as change,
           new_amount - old_amount as difference,  -- 万元
           j.line_label
    from joined j join dim_unit u on u.unit_id = j.unit_id
    where old_amount is distinct from new_amount
)
select * from final;
