-- Versions: a republished report (same unit, year, stage, scope; new bytes) supersedes the old one.
alter table dim_document add column if not exists version_key varchar;   -- md5(unit_id|year|stage|scope)
alter table dim_document add column if not exists superseded_by varchar; -- document_id of the newer version
