-- Figures the narrative (情况说明) restates, with the table cells they must equal (in preference order).
create table if not exists doc_claim (
    document_id varchar not null,
    claim_seq   integer not null,
    claim_id    varchar not null,        -- pattern id in reference/narrative_claims.yaml
    target_rank integer not null,        -- 1 = preferred target
    table_kind  varchar not null,
    item        varchar,
    measure     varchar not null,
    amount      decimal(18, 2) not null, -- 万元, as the narrative prints it
    source_line integer not null,
    source_page integer,
    claim_text  varchar not null,        -- the matched words
    primary key (document_id, claim_seq, target_rank)
);
