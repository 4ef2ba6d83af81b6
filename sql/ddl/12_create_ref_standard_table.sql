-- The standard tables expected per stage (reference/standard_tables.yaml), for coverage.
create table if not exists ref_standard_table (
    stage      varchar not null,
    table_kind varchar not null,
    primary key (stage, table_kind)
);
