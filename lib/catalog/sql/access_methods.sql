-- Access methods created after initdb by hand (those of extensions come with them).
SELECT a.tableoid::oid AS classid, a.oid, a.amname AS name,
       a.amtype::text AS method_type,
       a.amhandler::regproc::text AS handler,
       {{comment(pg_am, a.oid)}} AS comment
FROM pg_am a
WHERE a.oid >= 16384
  AND {{not_extension_member(pg_am, a.oid)}}
