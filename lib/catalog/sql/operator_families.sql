-- Operator families with their "loose" members: operators and support functions added
-- with ALTER OPERATOR FAMILY ... ADD (they depend on the family, 'a'). Members of an
-- operator class depend on the class ('i') and are read with it.
SELECT f.tableoid::oid AS classid, f.oid, n.nspname AS schema, f.opfname AS name,
       am.amname AS method,
       pg_get_userbyid(f.opfowner) AS owner,
       {{comment(pg_opfamily, f.oid)}} AS comment,
       COALESCE((
         SELECT json_agg(json_build_object(
                  'strategy', ao.amopstrategy, 'name', ao.amopopr::regoperator::text,
                  'order_by_family', (SELECT json_build_object('schema', sn.nspname, 'name', sf.opfname)
                                      FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = sf.opfnamespace
                                      WHERE sf.oid = ao.amopsortfamily))
                  ORDER BY ao.amopstrategy, ao.amopopr::regoperator::text)
         FROM pg_amop ao
         WHERE ao.amopfamily = f.oid
           AND NOT EXISTS (SELECT 1 FROM pg_depend d
                           WHERE d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
                             AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i')),
         '[]'::json) AS operators,
       COALESCE((
         SELECT json_agg(json_build_object(
                  'number', ap.amprocnum,
                  'left_type', format_type(ap.amproclefttype, NULL),
                  'right_type', format_type(ap.amprocrighttype, NULL),
                  'function', ap.amproc::regprocedure::text)
                  ORDER BY ap.amprocnum, format_type(ap.amproclefttype, NULL),
                           format_type(ap.amprocrighttype, NULL))
         FROM pg_amproc ap
         WHERE ap.amprocfamily = f.oid
           AND NOT EXISTS (SELECT 1 FROM pg_depend d
                           WHERE d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
                             AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i')),
         '[]'::json) AS functions
FROM pg_opfamily f
JOIN pg_namespace n ON n.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_opfamily, f.oid)}}
