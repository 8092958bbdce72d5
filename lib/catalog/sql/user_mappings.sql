-- User mappings, through the pg_user_mappings view: pg_user_mapping itself is readable
-- by superusers only. The view shows a mapping's options only to a superuser, the
-- server's owner or (for their own mapping) the mapped user with USAGE on the server;
-- otherwise umoptions is NULL and the mapping is read without its options.
SELECT 'pg_user_mapping'::regclass::oid AS classid, u.umid AS oid,
       CASE WHEN u.umuser = 0 THEN 'PUBLIC' ELSE u.usename END AS name,
       u.srvname AS server,
       {{options(u.umoptions)}} AS options
FROM pg_user_mappings u
