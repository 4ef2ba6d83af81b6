-- Percentage claims of the narrative ({percent_claims}, reference/narrative_claims.yaml) with the table
-- cells of the document's own unit they name; pipelines/validate/percent.py checks each printed
-- percentage against those cells by interval arithmetic (every figure ± half its last printed digit).
-- rows only with: claim:{percent_claims}
select c.document_id, c.claim_seq, c.claim_id, c.claim_text, c.source_line, c.source_page,
       d.stage, c.target_rank, c.table_kind, c.item, c.measure,
       f.amount_exact, f.source_text, f.original_unit, f.source_line as cell_line
from doc_claim c
join dim_document d using (document_id)
left join _facts f
  on f.document_id = c.document_id and f.table_kind = c.table_kind and f.item = c.item and f.measure = c.measure
 and f.unit_id = f.doc_unit_id and f.scope = f.doc_scope
where c.document_id in (select document_id from _scope) and c.claim_id in ({percent_claims})
order by c.document_id, c.claim_seq, c.target_rank
