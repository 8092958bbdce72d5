-- Operator families with their "loose" members: operators and support functions added
-- with ALTER OPERATOR FAMILY ... ADD (they depend on the family, 'a'). Members of an
-- operator class depend on the class ('i') and are read with it.
SELECT f.tableoid::oid AS classid, f.oid, n.nspname AS schema, f.opfname AS name,
       am.amname AS method,
       pg_get_userbyid(f.opfowner) AS owner,
       {{comment(pg_opfamily, f.oid)}} AS comment,
       {{operator_members(ao.amopfamily = f.oid AND NOT EXISTS (
           SELECT 1 FROM pg_depend d
           WHERE d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
             AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i'))}} AS operators,
       {{function_members(ap.amprocfamily = f.oid AND NOT EXISTS (
           SELECT 1 FROM pg_depend d
           WHERE d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
             AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i'))}} AS functions
FROM pg_opfamily f
JOIN pg_namespace n ON n.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_opfamily, f.oid)}}
