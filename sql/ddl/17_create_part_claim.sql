-- The claims of a narrative part as read from its own file (doc_claim's columns), kept while it waits for its tables.
create table if not exists part_claim (
    document_id varchar not null,        -- the narrative part (dim_document.status = 'narrative_part')
    claim_seq   integer not null,
    claim_id    varchar not null,
    target_rank integer not null,
    table_kind  varchar not null,
    item        varchar,
    measure     varchar not null,
    amount      decimal(18, 2) not null, -- 万元 (or the printed percentage), as the narrative prints it
    source_line integer not null,        -- line and page in the narrative part's file
    source_page integer,
    claim_text  varchar not null,
    primary key (document_id, claim_seq, target_rank)
);
