-- Extensions. Those created by initdb (plpgsql) have OIDs below FirstNormalObjectId
-- (16384) and exist in every new database, so they are left out, as pg_dump does.
SELECT x.tableoid::oid AS classid, x.oid, x.extname AS name, n.nspname AS schema,
       x.extversion AS version,
       {{comment(pg_extension, x.oid)}} AS comment
FROM pg_extension x
JOIN pg_namespace n ON n.oid = x.extnamespace
WHERE x.oid >= 16384
  AND ({{schema_filter(n.nspname)}} OR n.nspname = 'pg_catalog')
