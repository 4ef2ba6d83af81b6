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
    amount          decimal(20, 6) not null, -- 万元 exactly as printed (元 14,348,853.34 → 1434.885334; counts: the count)
    amount_exact    decimal(24, 6) not null, -- the same value (kept for older readers; amount was rounded to 2 decimals before)
    unit_of_measure varchar not null,        -- wan_yuan | count
    original_unit   varchar not null,        -- wan_yuan | yuan | count: what the report printed
    source_page     integer,
    source_line     integer not null,        -- 1-based line in the source text
    source_col      integer not null,        -- 1-based tab-separated cell
    source_text     varchar not null,        -- the cell exactly as printed
    row_label       varchar,
    primary key (document_id, fact_seq)
);
