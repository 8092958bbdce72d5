-- Rewrite rules other than a view's own ON SELECT rule (that one is the view).
SELECT r.tableoid::oid AS classid, r.oid, n.nspname AS schema, c.relname AS table_name,
       r.rulename AS name,
       pg_get_ruledef(r.oid) AS definition,
       r.ev_enabled::text AS enabled,
       {{comment(pg_rewrite, r.oid)}} AS comment
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
  AND {{not_extension_member(pg_rewrite, r.oid)}}
