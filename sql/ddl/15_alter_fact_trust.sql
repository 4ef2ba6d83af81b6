-- Trust per fact and per table (issue 15): which table each fact came from, whether an identity it
-- takes part in holds (verified), which rules checked it; per table, the amount cells it prints and
-- why it is quarantined. Added in place so existing warehouses keep their data.
alter table fact_amount add column if not exists table_seq integer;      -- doc_table.table_seq of the fact's table
alter table fact_amount add column if not exists verified boolean;        -- true: its identities hold; false: one fails; null: none covers it
-- rule ids, comma-separated (the views give them as VARCHAR[]): DuckDB rewrites a list column's rows on every
-- UPDATE, which cost validation 6x what text does (bench/RESULTS.md); older list columns are converted in place
alter table fact_amount add column if not exists verified_by varchar;     -- rule ids whose comparisons including it hold
alter table fact_amount add column if not exists broken_by varchar;       -- rule ids whose comparisons including it fail
alter table doc_table add column if not exists amount_cells integer;      -- cells printing an amount (coverage denominator)
alter table doc_table add column if not exists quarantine_reason varchar; -- set by validation: the table was misread
-- facts loaded before table_seq: the loader numbers a document's facts table by table, so the
-- running sum of doc_table.facts gives each fact's table
update fact_amount f set table_seq = t.table_seq
from (select document_id, table_seq, facts,
             sum(facts) over (partition by document_id order by table_seq) as upto
      from doc_table) t
where f.table_seq is null and f.document_id = t.document_id
  and f.fact_seq > t.upto - t.facts and f.fact_seq <= t.upto;
