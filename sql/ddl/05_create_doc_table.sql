-- Standard tables located in each document: kind, title as printed, layout read, status.
create table if not exists doc_table (
    document_id    varchar not null,
    table_seq      integer not null,   -- order of the table in the document
    table_kind     varchar not null,
    title          varchar not null,   -- as printed (after radical normalisation)
    title_line     integer not null,
    printed_number varchar,            -- the number the report prints (often wrong; never trusted)
    money_unit     varchar,
    layout         varchar not null,   -- two_sided | coded | grouped | item_list | three_public_wide | not_extracted
    status         varchar not null,   -- loaded | empty | not_extracted
    rows_read      integer not null,
    facts          integer not null,
    primary key (document_id, table_seq)
);
