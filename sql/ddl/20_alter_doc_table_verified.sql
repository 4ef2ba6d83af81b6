-- Per table, how many of its facts an identity verifies or breaks: written by validation with each fact's
-- verdict (pipelines/validate/trust.py), read by v_table_coverage so it never groups every fact.
alter table doc_table add column if not exists verified_facts integer;    -- facts with verified = true
alter table doc_table add column if not exists unverified_facts integer;  -- facts with verified = false
-- tables not counted yet (warehouses validated before these columns): counted once from their facts
update doc_table t set verified_facts = s.verified_facts, unverified_facts = s.unverified_facts
from (select d.document_id, d.table_seq,
             count(*) filter (where f.verified) as verified_facts,
             count(*) filter (where not f.verified) as unverified_facts
      from doc_table d left join fact_amount f on f.document_id = d.document_id and f.table_seq = d.table_seq
      where d.verified_facts is null group by all) s
where t.verified_facts is null and t.document_id = s.document_id and t.table_seq = s.table_seq;
