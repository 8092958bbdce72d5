-- bench/bulk_read.sql — the floor: one query per catalog, with PostgreSQL's deparse
-- functions for every object, as any exporter must do at least. Run with psql -o /dev/null.
\set ON_ERROR_STOP on
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET search_path = '';
CREATE TEMP VIEW user_ns AS
  SELECT oid, nspname, nspacl FROM pg_catalog.pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_';
SELECT n.nspname, n.nspacl, pg_catalog.obj_description(n.oid, 'pg_namespace') FROM user_ns n;
SELECT n.nspname, c.relname, c.relkind, c.relacl, c.reloptions, c.relrowsecurity,
       pg_catalog.pg_get_userbyid(c.relowner), pg_catalog.obj_description(c.oid, 'pg_class')
FROM pg_catalog.pg_class c JOIN user_ns n ON n.oid = c.relnamespace;
SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attacl,
       pg_catalog.col_description(a.attrelid, a.attnum)
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN user_ns n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped;
SELECT i.indexrelid, pg_catalog.pg_get_indexdef(i.indexrelid), i.indisvalid
FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN user_ns n ON n.oid = c.relnamespace;
SELECT k.conname, k.conrelid, pg_catalog.pg_get_constraintdef(k.oid), k.convalidated
FROM pg_catalog.pg_constraint k JOIN user_ns n ON n.oid = k.connamespace;
SELECT c.oid, pg_catalog.pg_get_viewdef(c.oid)
FROM pg_catalog.pg_class c JOIN user_ns n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm');
SELECT p.oid, pg_catalog.pg_get_functiondef(p.oid), p.proacl
FROM pg_catalog.pg_proc p JOIN user_ns n ON n.oid = p.pronamespace WHERE p.prokind IN ('f', 'p');
SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled
FROM pg_catalog.pg_trigger t WHERE NOT t.tgisinternal;
SELECT p.polname, pg_catalog.pg_get_expr(p.polqual, p.polrelid),
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_catalog.pg_policy p;
SELECT t.typname, t.typtype, pg_catalog.format_type(t.typbasetype, t.typtypmod)
FROM pg_catalog.pg_type t JOIN user_ns n ON n.oid = t.typnamespace;
SELECT e.enumtypid, e.enumlabel FROM pg_catalog.pg_enum e ORDER BY e.enumtypid, e.enumsortorder;
SELECT s.* FROM pg_catalog.pg_sequence s;
SELECT d.classid, d.objid, d.refclassid, d.refobjid, d.deptype FROM pg_catalog.pg_depend d
WHERE d.classid <> 0 AND d.objid >= 16384;
COMMIT;
