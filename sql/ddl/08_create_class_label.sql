-- Names the reports print for each classification code (names drift; keys are codes).
create table if not exists class_label (
    system      varchar not null,  -- func | econ
    code        varchar not null,
    label       varchar not null,
    document_id varchar not null,
    primary key (system, code, label, document_id)
);
