-- A claim read from a narrative part (another file of the same report) names that file's document; NULL: the document's own text.
alter table doc_claim add column if not exists part_document_id varchar;
