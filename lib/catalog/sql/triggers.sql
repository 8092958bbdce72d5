-- Triggers written by users: internal ones (foreign key enforcement) and a partition's
-- clones of its parent's triggers are left out.
SELECT t.tableoid::oid AS classid, t.oid, n.nspname AS schema, c.relname AS table_name,
       t.tgname AS name,
       pg_get_triggerdef(t.oid, false) AS definition,
       t.tgenabled::text AS enabled,
       {{comment(pg_trigger, t.oid)}} AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal
  AND {{v:trigger_not_cloned}}
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
