-- CN02 (information): a 功能分类 name the narrative prints for a code differs from the name the report's tables
-- print for it (an old name such as 医疗卫生与计划生育支出 for 210 卫生健康支出: reference/func_class_former_names.csv, with the last year
-- it was the national name). Compared without spaces, brackets, level marks and a trailing 支出 ("卫生健康（类）支出").
-- expected 0, observed 1: the names differ; n_terms 0.
-- rows only with: claim:class_name
with claims as (
    select * from doc_claim
    where document_id in (select document_id from _scope) and claim_id = 'class_name'
),
labels as (
    select document_id, func_code, table_kind, row_label, source_line, table_seq
    from _facts where {own_unit} and func_code is not null and item is null and row_label is not null
),
picked as (
    select c.*, l.row_label as table_name, l.source_line as table_line,
           row_number() over (partition by c.document_id, c.claim_seq
                              order by (l.table_kind = 'gpb_expenditure') desc, l.table_seq, l.source_line) as pick
    from claims c join labels l on l.document_id = c.document_id and 'func:' || l.func_code = c.item
),
keyed as (
    select *, regexp_replace(regexp_replace(claim_text, '[\s　()（）]|\((类|款|项)\)', '', 'g'), '支出$', '') as said_key,
           regexp_replace(regexp_replace(regexp_replace(table_name, '^[\d\s]+|^[一二三四五六七八九十]+[、.．]|^[(（][一二三四五六七八九十\d]+[)）]', ''),
                                         '[\s　()（）]', '', 'g'), '支出$', '') as table_key
    from picked where pick = 1
),
final as (
    select k.document_id, 'func_class' as table_kind,
           'the narrative names ' || substr(k.item, 6) || ' ' || k.claim_text || ', the tables ' || k.table_name
             || ' (line ' || k.table_line || ')'
             || case when f.code is null then ''
                     else ', a former national name of ' || substr(k.item, 6) || ' (last printed in '
                          || coalesce(cast(f.last_year as varchar), 'an earlier year') || ')' end as subject,
           0 as expected, case when k.said_key = k.table_key then 0 else 1 end as observed, 0 as n_terms,
           k.source_line, k.source_page, k.claim_text as row_label, cast([] as integer[]) as fact_seqs
    from keyed k left join {former_names} f on 'func:' || f.code = k.item and f.name = k.claim_text
)
select * from final
