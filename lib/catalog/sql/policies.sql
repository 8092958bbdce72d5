SELECT p.tableoid::oid AS classid, p.oid, n.nspname AS schema, c.relname AS table_name,
       p.polname AS name, p.polcmd::text AS command, p.polpermissive AS permissive,
       (SELECT json_agg(CASE WHEN r = 0 THEN '' ELSE pg_get_userbyid(r) END ORDER BY
                        CASE WHEN r = 0 THEN '' ELSE pg_get_userbyid(r) END)
        FROM unnest(p.polroles) r) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using_expr,
       pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
       {{comment(pg_policy, p.oid)}} AS comment
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
