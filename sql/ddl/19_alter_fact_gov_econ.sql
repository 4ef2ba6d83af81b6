-- 政府预算支出经济分类 (5xx) as a fact key: Beijing's 预算03表/06表 key each row by 功能分类 × 政府支出经济分类 ×
-- 部门支出经济分类, and two rows may differ only by the 政府 code. Added in place so existing warehouses keep their data.
alter table fact_amount add column if not exists gov_econ_code varchar;  -- 政府预算支出经济分类 code (3/5 digits, 5xx) or null
