-- Privileges on objects that belong to an extension, where they differ from what the
-- extension's script set up (pg_init_privs, privtype 'e'): CREATE EXTENSION recreates
-- the objects, so only these changes need to be written.
SELECT x.extname AS extension,
       o.type AS object_type,
       o.identity,
       pg_get_userbyid(COALESCE(c.relowner, p.proowner, t.typowner, n.nspowner)) AS owner,
       {{acl(COALESCE(c.relacl, p.proacl, t.typacl, n.nspacl))}} AS acl,
       {{acl(ip.initprivs)}} AS initial_acl
FROM pg_depend d
JOIN pg_extension x ON x.oid = d.refobjid
CROSS JOIN LATERAL pg_identify_object(d.classid, d.objid, 0) o
LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
LEFT JOIN pg_type t ON d.classid = 'pg_type'::regclass AND t.oid = d.objid
LEFT JOIN pg_namespace n ON d.classid = 'pg_namespace'::regclass AND n.oid = d.objid
LEFT JOIN pg_init_privs ip ON ip.classoid = d.classid AND ip.objoid = d.objid AND ip.objsubid = 0
WHERE d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass
  AND d.classid IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass,
                    'pg_namespace'::regclass)
  AND COALESCE(c.relacl, p.proacl, t.typacl, n.nspacl)::text IS DISTINCT FROM ip.initprivs::text
  AND (c.oid IS NULL OR c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f'))
ORDER BY x.extname, o.type, o.identity
