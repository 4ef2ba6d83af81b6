-- 支出功能分类科目: code, name, level (1 类 / 2 款 / 3 项), parent; source says where it came from.
create table if not exists dim_func_class (
    code        varchar primary key,
    name        varchar not null,
    level       integer not null,
    parent_code varchar,
    source      varchar not null  -- national (reference list) | report (printed, not in the list)
);
