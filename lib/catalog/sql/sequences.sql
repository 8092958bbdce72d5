-- Sequences, except identity sequences (those are part of their column).
SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.relname AS name,
       format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS min_value,
       s.seqmax AS max_value, s.seqcache AS cache, s.seqcycle AS cycle,
       c.relpersistence = 'u' AS unlogged,
       pg_get_userbyid(c.relowner) AS owner,
       {{comment(pg_class, c.oid)}} AS comment,
       {{acl_unless_default(c.relacl, 's', c.relowner)}} AS acl,
       (SELECT json_build_object('table', tc.relname, 'column', ta.attname)
        FROM pg_depend d
        JOIN pg_class tc ON tc.oid = d.refobjid
        JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
        LIMIT 1) AS owned_by
FROM pg_class c
JOIN pg_sequence s ON s.seqrelid = c.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S'
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i')
