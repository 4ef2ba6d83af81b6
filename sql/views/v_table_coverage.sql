-- v_table_coverage: per table located in a document, how much of what it prints is in the warehouse:
-- amount cells printed (pipelines/load/coverage.py; null when unknown: a table not read, or loaded
-- before the count existed), facts loaded, facts verified by an identity, and its quarantine.
create or replace view v_table_coverage as
with tables as (
    select document_id, table_seq, table_kind, title, title_line, layout, status, facts, amount_cells, quarantine_reason,
           verified_facts, unverified_facts  -- counted by validation (pipelines/validate/trust.py)
    from doc_table
),
final as (
    select t.document_id, t.table_seq, t.table_kind, t.title, t.title_line, t.layout, t.status,
           case when t.layout <> 'not_extracted' and t.amount_cells is not null
                then greatest(t.amount_cells, t.facts) end as printed_cells,  -- facts never exceed it
           t.facts,
           coalesce(t.verified_facts, 0) as verified_facts,        -- an identity covering them holds
           coalesce(t.unverified_facts, 0) as unverified_facts,    -- one fails (verified = false)
           t.quarantine_reason                                     -- not null: hidden from v_facts
    from tables t
)
select *,
       round(100.0 * facts / nullif(printed_cells, 0), 1) as facts_pct,          -- % of printed amounts loaded
       round(100.0 * verified_facts / nullif(facts, 0), 1) as verified_pct       -- % of loaded facts verified
from final;
