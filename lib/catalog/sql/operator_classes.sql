-- Operator classes with their members (operators and support functions that depend on
-- the class, 'i').
SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.opcname AS name,
       am.amname AS method,
       c.opcdefault AS is_default,
       format_type(c.opcintype, NULL) AS type,
       json_build_object('schema', fn.nspname, 'name', f.opfname) AS family,
       format_type(NULLIF(c.opckeytype, 0), NULL) AS storage,
       pg_get_userbyid(c.opcowner) AS owner,
       {{comment(pg_opclass, c.oid)}} AS comment,
       {{operator_members(ao.amopfamily = c.opcfamily AND EXISTS (
           SELECT 1 FROM pg_depend d
           WHERE d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
             AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = c.oid
             AND d.deptype = 'i'))}} AS operators,
       {{function_members(ap.amprocfamily = c.opcfamily AND EXISTS (
           SELECT 1 FROM pg_depend d
           WHERE d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
             AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = c.oid
             AND d.deptype = 'i'))}} AS functions
FROM pg_opclass c
JOIN pg_namespace n ON n.oid = c.opcnamespace
JOIN pg_am am ON am.oid = c.opcmethod
JOIN pg_opfamily f ON f.oid = c.opcfamily
JOIN pg_namespace fn ON fn.oid = f.opfnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_opclass, c.oid)}}
