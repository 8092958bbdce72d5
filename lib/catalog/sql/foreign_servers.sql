SELECT s.tableoid::oid AS classid, s.oid, s.srvname AS name,
       w.fdwname AS wrapper, s.srvtype AS type, s.srvversion AS version,
       {{options(s.srvoptions)}} AS options,
       pg_get_userbyid(s.srvowner) AS owner,
       {{comment(pg_foreign_server, s.oid)}} AS comment,
       {{acl_unless_default(s.srvacl, 'S', s.srvowner)}} AS acl
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE {{not_extension_member(pg_foreign_server, s.oid)}}
