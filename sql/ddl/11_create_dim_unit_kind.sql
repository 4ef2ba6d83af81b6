-- Kind of each unit (reference/unit_kinds.yaml), for peer comparisons; refreshed on every load.
create table if not exists dim_unit_kind (
    unit_name varchar primary key,
    kind      varchar not null,
    label     varchar not null
);
