-- 部门预算支出经济分类科目: code, name, level (1 类 / 2 款), parent; source as in dim_func_class.
create table if not exists dim_econ_class (
    code        varchar primary key,
    name        varchar not null,
    level       integer not null,
    parent_code varchar,
    source      varchar not null
);
