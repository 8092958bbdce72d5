SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.collname AS name,
       pg_get_userbyid(c.collowner) AS owner,
       {{comment(pg_collation, c.oid)}} AS comment,
       c.collprovider::text AS provider,
       c.collisdeterministic AS deterministic,
       {{v:collation_locale}}
FROM pg_collation c
JOIN pg_namespace n ON n.oid = c.collnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_collation, c.oid)}}
