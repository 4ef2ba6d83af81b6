-- DY01: a year printed in a heading, a table title or a final account's balance date equals the report's
-- year, and no template placeholder ("XX局") is left in (claims: pipelines/locate/claims_document.py).
-- rows only with: claim:*
with claims as (
    select c.*, d.year as report_year
    from doc_claim c join dim_document d using (document_id)
    where c.document_id in (select document_id from _scope) and c.table_kind = 'document'
),
final as (
    select document_id, cast(null as varchar) as table_kind,
           claim_id || ': ' || claim_text
             || case when item = 'year' then ' (the report is about ' || report_year || ')'
                     else ' (a template placeholder left in)' end as subject,
           case when item = 'year' then report_year else 0 end as expected,  -- a year, or 0 placeholders
           amount as observed, 0 as n_terms, source_line, source_page, claim_text as row_label,
           cast([] as integer[]) as fact_seqs  -- about the document, not a table cell
    from claims
)
select * from final
