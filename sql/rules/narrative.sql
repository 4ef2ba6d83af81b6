-- A figure restated in the narrative equals the table cell it names (first target the document has).
-- Percentage claims ({percent_claims}) are NA02's (narrative_percent.sql).
-- rows only with: claim:*
with claims as (
    select * from doc_claim
    where document_id in (select document_id from _scope) and claim_id not in ({percent_claims})
),
own as (
    select * from _facts where {own_unit}
),
matched as (
    select c.*, o.amount as table_amount, o.fact_seq as table_fact_seq,
           row_number() over (partition by c.document_id, c.claim_seq order by c.target_rank) as pick
    from claims c join own o
      on o.document_id = c.document_id and o.table_kind = c.table_kind and o.item = c.item and o.measure = c.measure
)
select document_id, table_kind, claim_id || ': ' || claim_text as subject, table_amount as expected,
       amount as observed, 1 as n_terms, source_line, source_page, claim_text as row_label,
       [table_fact_seq] as fact_seqs  -- the table cell the narrative restates
from matched where pick = 1
