-- Every name a unit was printed under, the key it resolved to and the rule that resolved it
-- (pipelines/locate/unit_key.py, rewrites in reference/report_words.yaml unit_key): one unit, one key.
create table if not exists dim_unit_name (
    unit_id     varchar not null,     -- dim_unit.unit_id: md5(region | key_name), first 16 hex chars
    unit_name   varchar not null,     -- as printed, e.g. 中国共产党江苏省委员会办公厅
    region      varchar,              -- as detected for that name
    key_name    varchar not null,     -- the name the key is built from, e.g. 中共江苏省委办公厅
    rules       varchar not null,     -- rewrites that applied, comma-separated ('' when printed as the key)
    primary key (unit_id, unit_name)
);
