-- Foreign-data wrappers created after initdb by hand (those of extensions, such as
-- postgres_fdw and file_fdw, come with CREATE EXTENSION).
SELECT w.tableoid::oid AS classid, w.oid, w.fdwname AS name,
       NULLIF(w.fdwhandler, 0)::regproc::text AS handler,
       NULLIF(w.fdwvalidator, 0)::regproc::text AS validator,
       {{options(w.fdwoptions)}} AS options,
       pg_get_userbyid(w.fdwowner) AS owner,
       {{comment(pg_foreign_data_wrapper, w.oid)}} AS comment,
       {{acl_unless_default(w.fdwacl, 'F', w.fdwowner)}} AS acl
FROM pg_foreign_data_wrapper w
WHERE w.oid >= 16384
  AND {{not_extension_member(pg_foreign_data_wrapper, w.oid)}}
