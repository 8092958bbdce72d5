-- Text search templates (they have no owner).
SELECT t.tableoid::oid AS classid, t.oid, n.nspname AS schema, t.tmplname AS name,
       NULLIF(t.tmplinit::oid, 0)::regproc::text AS init,
       t.tmpllexize::regproc::text AS lexize,
       {{comment(pg_ts_template, t.oid)}} AS comment
FROM pg_ts_template t
JOIN pg_namespace n ON n.oid = t.tmplnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_ts_template, t.oid)}}
