-- NA05: a figure the narrative gives for a 功能分类 类/款/项 it names ("一般公共服务支出（类）…（项）2026年预算数为
-- 5,826.21万元") equals the table cell of that code (claims: pipelines/locate/claims_classes.py, target item
-- 'func:<code>'; the first target table the report's own unit prints the code in).
-- rows only with: claim:class_figure
with claims as (
    select * from doc_claim
    where document_id in (select document_id from _scope) and claim_id = 'class_figure'
),
own as (
    select * from _facts where {own_unit} and func_code is not null and item is null
),
matched as (
    select c.*, o.amount as table_amount, o.fact_seq as table_fact_seq, o.source_text as table_text,
           o.source_line as table_line,
           row_number() over (partition by c.document_id, c.claim_seq order by c.target_rank, o.table_seq, o.fact_seq) as pick
    from claims c join own o
      on o.document_id = c.document_id and o.table_kind = c.table_kind and 'func:' || o.func_code = c.item
     and o.measure = c.measure
),
final as (
    select document_id, table_kind,
           claim_text || ' against the ' || table_kind || ' cell ' || table_text || ' (line ' || table_line || ')' as subject,
           table_amount as expected, amount as observed, 1 as n_terms, source_line, source_page, claim_text as row_label,
           [table_fact_seq] as fact_seqs  -- the table cell the narrative restates
    from matched where pick = 1
)
select * from final
