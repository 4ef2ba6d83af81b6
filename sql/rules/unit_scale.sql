-- UM01: a unit of measure that cannot be right. (a) a figure the narrative restates is 10,000× (or
-- 1/10,000 of) the table cell it names: 元 written as 万元, or the reverse; (b) GovBudgetChecker R001:
-- a table headed 万元 whose cells are all whole numbers and whose largest is ≥ 1,000× the largest of
-- the report's other tables (its figures are 元). Amounts in 万元; n_terms 0: any such row is a finding.
with scoped as (
    select * from doc_claim
    where document_id in (select document_id from _scope) and claim_id not in ({percent_claims})
      and table_kind <> 'document' and measure not in ('listed', 'self')
),
own as (
    select * from _facts where {own_unit}
),
restated as (
    select c.document_id, c.table_kind, c.claim_id || ': ' || c.claim_text || ' against the table cell '
             || o.source_text || ' (line ' || o.source_line || ')' as subject,
           o.amount as expected, c.amount as observed, c.source_line, c.source_page, c.claim_text as row_label,
           [o.fact_seq] as fact_seqs,
           row_number() over (partition by c.document_id, c.claim_seq order by c.target_rank) as pick
    from scoped c join own o
      on o.document_id = c.document_id and o.table_kind = c.table_kind and o.item = c.item and o.measure = c.measure
    where o.amount <> 0 and c.amount <> 0
      and (abs(c.amount - 10000 * o.amount) <= 10000 * 0.01 or abs(10000 * c.amount - o.amount) <= 10000 * 0.01)
),
tables as (
    select document_id, table_seq, table_kind, max(abs(amount)) as largest, count(*) as cells,
           bool_and(regexp_matches(source_text, '^[^.]*$')) as whole_numbers,
           min(source_line) as source_line, min(source_page) as source_page
    from _facts where unit_of_measure = 'wan_yuan' and original_unit = 'wan_yuan'
    group by document_id, table_seq, table_kind
),
compared as (
    select t.*, (select median(o.largest) from tables o
                 where o.document_id = t.document_id and o.table_seq is distinct from t.table_seq and o.largest > 0) as others
    from tables t
),
headed_wrong as (
    select document_id, table_kind,
           table_kind || ' table ' || coalesce(table_seq, 0) || ' headed 万元 prints whole numbers up to ' || largest
             || ', the report''s other tables up to ' || others || ' 万元: its figures are 元' as subject,
           others as expected, largest as observed, source_line, source_page, table_kind as row_label,
           cast([] as integer[]) as fact_seqs, 1 as pick
    from compared where whole_numbers and cells >= 3 and others > 0 and largest >= 1000 * others
),
final as (
    select * exclude (pick), 0 as n_terms from restated where pick = 1
    union all
    select * exclude (pick), 0 as n_terms from headed_wrong
)
select * from final
