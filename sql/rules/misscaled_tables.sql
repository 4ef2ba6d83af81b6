-- Tables printed or read at the wrong unit of measure (issue 15: a table misread the way a reading error
-- explains): the 功能分类 totals a table shares with the report's other tables (same code; measure amount
-- or total) are 10,000× apart (元 read or printed as 万元, or the reverse: an OCR'd 单位 line, a template's
-- header) in more than half of its pairs, and none agrees. At least two other tables must disagree with
-- it, so of two tables that disagree neither is blamed (XT rules still report the break). One row per
-- such table: (document_id, table_seq, table_kind, failed = pairs 10,000× apart, compared = pairs, factor).
with coded as (
    select document_id, table_seq, table_kind, func_code, amount
    from _facts
    where func_code is not null and measure in ('amount', 'total') and amount <> 0 and table_seq is not null
),
pairs as (
    select a.document_id, a.table_seq, a.table_kind, b.table_seq as other, b.amount / a.amount as ratio
    from coded a join coded b
      on a.document_id = b.document_id and a.func_code = b.func_code and a.table_seq <> b.table_seq
),
judged as (
    select document_id, table_seq, table_kind, count(*) as compared,
           count(*) filter (where abs(ratio - 10000) <= 100) as smaller,           -- this table 1/10,000 of the others
           count(*) filter (where abs(ratio - 0.0001) <= 0.000001) as larger,      -- this table 10,000× the others
           count(*) filter (where abs(ratio - 1) <= 0.01) as agreeing,
           count(distinct other) filter (where abs(ratio - 10000) <= 100 or abs(ratio - 0.0001) <= 0.000001) as tables
    from pairs group by all
)
select document_id, table_seq, table_kind, greatest(smaller, larger) as failed, compared,
       case when smaller > larger then '1/10,000 of' else '10,000×' end as factor, tables
from judged
where agreeing = 0 and tables >= 2 and 2 * greatest(smaller, larger) > compared
