-- TB01: every table the contents page (目录) lists is in the report, and a table printed blank is not
-- one the narrative states a non-zero figure of (blank: not one amount cell printed, doc_table.amount_cells). expected: what the report promises (1 table, the
-- narrative's 万元); observed: what it holds (tables located of that kind, 0 for a blank table).
-- rows only with: claim:listed_table | table:blank
with scoped as (
    select * from doc_claim where document_id in (select document_id from _scope)
),
listed as (
    select document_id, table_kind, min(source_line) as source_line, min(source_page) as source_page,
           first(claim_text order by source_line) as claim_text
    from scoped where claim_id = 'listed_table' group by document_id, table_kind
),
located as (
    select document_id, table_kind, count(*) as tables,
           count(*) filter (where coalesce(amount_cells, 0) = 0) as blank, min(title_line) as title_line
    from doc_table where document_id in (select document_id from _scope) group by document_id, table_kind
),
missing as (
    select l.document_id, l.table_kind, 'listed in the contents, not in the report: ' || l.claim_text as subject,
           1 as expected, least(coalesce(t.tables, 0), 1) as observed, l.source_line, l.source_page, l.claim_text as row_label
    from listed l left join located t using (document_id, table_kind)
),
stated as (  -- figures the narrative restates (NA01 claims), by the table they name first
    select document_id, claim_seq, table_kind, amount, source_line, source_page, claim_text
    from scoped
    where target_rank = 1 and table_kind <> 'document' and measure not in ('listed', 'self')
      and claim_id not in ({percent_claims}) and amount <> 0
),
blank as (
    select s.document_id, s.table_kind,
           'the narrative states ' || s.claim_text || ', the ' || s.table_kind || ' table (line ' || t.title_line
             || ') is printed blank' as subject,
           s.amount as expected, 0 as observed, s.source_line, s.source_page, s.claim_text as row_label
    from stated s join located t using (document_id, table_kind)
    where t.blank = t.tables
),
final as (
    select *, 0 as n_terms, cast([] as integer[]) as fact_seqs from missing
    union all
    select *, 0 as n_terms, cast([] as integer[]) as fact_seqs from blank
)
select * from final
