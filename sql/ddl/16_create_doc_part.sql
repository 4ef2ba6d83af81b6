-- A report split over two files: the narrative part (情况说明, status narrative_part) and the tables document it belongs to.
create table if not exists doc_part (
    part_document_id   varchar primary key, -- the narrative file's document (dim_document.status = 'narrative_part')
    report_document_id varchar not null,    -- the tables document of the same unit, year and stage its claims are checked with
    claims             integer not null     -- narrative claims copied into doc_claim under the tables document
);
