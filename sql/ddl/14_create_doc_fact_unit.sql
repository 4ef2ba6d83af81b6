-- Per document, the units, scopes and units of measure its facts belong to, with how many facts:
-- "which unit printed anything in which year, stage and scope" read from ~7 rows per document
-- instead of the facts themselves (v_yoy's both-years-loaded check at 10 M facts: 2.5 M fact rows
-- grouped per one-year question before). Written by the loader in the document's transaction
-- (pipelines/load/warehouse.py), deleted with the document; pipelines.load.summary rebuilds it.
create table if not exists doc_fact_unit (
    document_id     varchar not null,
    unit_id         varchar not null,   -- the unit of the facts (a department report lists its units)
    scope           varchar not null,   -- unit | department | department_total
    unit_of_measure varchar not null,   -- wan_yuan | count
    facts           integer not null,   -- facts of the document with these three values
    primary key (document_id, unit_id, scope, unit_of_measure)
);
-- warehouses loaded before this table: summarize the documents it does not hold yet
insert into doc_fact_unit
select document_id, unit_id, scope, unit_of_measure, count(*)
from fact_amount
where document_id not in (select document_id from doc_fact_unit)
group by all;
