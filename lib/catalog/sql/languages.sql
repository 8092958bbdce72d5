-- Procedural languages created after initdb by hand. Those an extension creates
-- (plpgsql, plperl, ...) come with their CREATE EXTENSION.
SELECT l.tableoid::oid AS classid, l.oid, l.lanname AS name,
       l.lanpltrusted AS trusted,
       l.lanplcallfoid::regproc::text AS handler,
       NULLIF(l.laninline, 0)::regproc::text AS inline_handler,
       NULLIF(l.lanvalidator, 0)::regproc::text AS validator,
       pg_get_userbyid(l.lanowner) AS owner,
       {{comment(pg_language, l.oid)}} AS comment,
       {{acl_unless_default(l.lanacl, 'l', l.lanowner)}} AS acl
FROM pg_language l
WHERE l.oid >= 16384
  AND {{not_extension_member(pg_language, l.oid)}}
