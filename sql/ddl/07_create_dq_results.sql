-- Findings about documents: extraction repairs and gaps (check extract.*) and validation rules.
create table if not exists dq_results (
    document_id varchar not null,
    "check"     varchar not null,
    severity    varchar not null,  -- error | warning | info
    passed      boolean not null,
    expected    varchar,
    observed    varchar,
    detail      varchar,
    table_kind  varchar,
    source_page integer,
    source_line integer,
    row_label   varchar,
    recorded_at timestamp not null
);
