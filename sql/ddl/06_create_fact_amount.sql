-- One row per published number, with lineage back to the line and cell it was printed in.
create table if not exists fact_amount (
    document_id     varchar not null,
    fact_seq        integer not null,
    unit_id         varchar not null,
    scope           varchar not null,        -- unit | department | department_total
    table_kind      varchar not null,
    func_code       varchar,
    econ_code       varchar,
    item            varchar,
    measure         varchar not null,
    amount          decimal(18, 2) not null, -- 万元 (counts: the count), rounded half away from zero
    amount_exact    decimal(24, 6) not null, -- 万元 before rounding (元 / 10000 keeps 4 decimals)
    unit_of_measure varchar not null,        -- wan_yuan | count
    original_unit   varchar not null,        -- wan_yuan | yuan | count: what the report printed
    source_page     integer,
    source_line     integer not null,        -- 1-based line in the source text
    source_col      integer not null,        -- 1-based tab-separated cell
    source_text     varchar not null,        -- the cell exactly as printed
    row_label       varchar,
    primary key (document_id, fact_seq)
);
