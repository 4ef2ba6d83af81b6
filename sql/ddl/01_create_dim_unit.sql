-- Budget units (单位) and departments; one row per unit, keyed by region + normalised name.
create table if not exists dim_unit (
    unit_id     varchar primary key,  -- md5(region | key name), first 16 hex chars (pipelines/locate/unit_key.py; variants in dim_unit_name)
    unit_name   varchar not null,     -- as printed (with its province when the report prints it)
    unit_code   varchar,              -- e.g. 401003, when any report prints one
    region      varchar               -- province + city, e.g. 内蒙古自治区包头市
);
