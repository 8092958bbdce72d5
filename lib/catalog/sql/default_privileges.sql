SELECT d.tableoid::oid AS classid, d.oid, pg_get_userbyid(d.defaclrole) AS role,
       COALESCE(n.nspname, '') AS schema, d.defaclobjtype::text AS objtype,
       {{acl(d.defaclacl)}} AS acl
FROM pg_default_acl d
LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
WHERE d.defaclnamespace = 0 OR {{schema_filter(n.nspname)}}
