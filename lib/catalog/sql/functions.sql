-- Functions and procedures (aggregates have their own query: pg_get_functiondef does not
-- deparse them). Functions that are an internal part of another object (the constructor
-- functions of range and multirange types) come with that object and are left out.
SELECT p.tableoid::oid AS classid, p.oid, n.nspname AS schema, p.proname AS name,
       oidvectortypes(p.proargtypes) AS args,
       p.prokind::text AS prokind,
       l.lanname AS language,
       pg_get_functiondef(p.oid) AS definition,
       pg_get_userbyid(p.proowner) AS owner,
       {{comment(pg_proc, p.oid)}} AS comment,
       {{acl_unless_default(p.proacl, 'f', p.proowner)}} AS acl
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind <> 'a'
  AND {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_proc, p.oid)}}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')
