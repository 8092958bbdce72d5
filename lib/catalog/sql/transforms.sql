-- Transforms (all are created after initdb). Like casts, a transform is kept when its
-- type is.
SELECT t.tableoid::oid AS classid, t.oid,
       format_type(t.trftype, NULL) AS type, l.lanname AS language,
       NULLIF(t.trffromsql::oid, 0)::regprocedure::text AS from_sql,
       NULLIF(t.trftosql::oid, 0)::regprocedure::text AS to_sql,
       {{comment(pg_transform, t.oid)}} AS comment
FROM pg_transform t
JOIN pg_language l ON l.oid = t.trflang
JOIN pg_type ty ON ty.oid = t.trftype
JOIN pg_namespace n ON n.oid = ty.typnamespace
WHERE (n.nspname = 'pg_catalog' OR {{schema_filter(n.nspname)}})
  AND {{not_extension_member(pg_transform, t.oid)}}
