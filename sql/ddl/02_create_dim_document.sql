-- One row per source document version (content hash), with what the report says about itself.
create table if not exists dim_document (
    document_id   varchar primary key,  -- first 16 hex chars of sha256 of the file bytes
    file_name     varchar not null,
    source_path   varchar not null,
    sha256        varchar not null,
    size_bytes    bigint not null,
    source_format varchar not null,     -- text | pdf | xlsx | xls | html | docx | mhtml (the reader chosen from the bytes)
    pages         integer,              -- pages seen (inferred from page breaks for text)
    unit_id       varchar,
    unit_name     varchar,
    unit_code     varchar,
    region        varchar,
    year          integer,              -- fiscal year the numbers are about
    stage         varchar,              -- budget | final
    scope         varchar,              -- unit | department | department_total
    money_unit    varchar,              -- wan_yuan | yuan | …, as the report prints it
    status        varchar not null,     -- loaded | quarantined | superseded
    status_reason varchar,
    tables_found  integer,
    facts_loaded  integer,
    ingested_at   timestamp not null
);
