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
       COALESCE((
         SELECT json_agg(json_build_object(
                  'strategy', ao.amopstrategy, 'name', ao.amopopr::regoperator::text,
                  'order_by_family', (SELECT json_build_object('schema', sn.nspname, 'name', sf.opfname)
                                      FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = sf.opfnamespace
                                      WHERE sf.oid = ao.amopsortfamily))
                  ORDER BY ao.amopstrategy, ao.amopopr::regoperator::text)
         FROM pg_amop ao
         JOIN pg_depend d ON d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
                         AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i'
         WHERE d.refobjid = c.oid),
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
         JOIN pg_depend d ON d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
                         AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i'
         WHERE d.refobjid = c.oid),
         '[]'::json) AS functions
FROM pg_opclass c
JOIN pg_namespace n ON n.oid = c.opcnamespace
JOIN pg_am am ON am.oid = c.opcmethod
JOIN pg_opfamily f ON f.oid = c.opcfamily
JOIN pg_namespace fn ON fn.oid = f.opfnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_opclass, c.oid)}}
