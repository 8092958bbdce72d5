-- Indexes that are not the implementation of a constraint. indisvalid is false for a
-- failed CREATE INDEX CONCURRENTLY (reported, not rendered) and for a partitioned
-- table's index while a partition lacks its copy.
SELECT ic.tableoid::oid AS classid, ic.oid, n.nspname AS schema, c.relname AS table_name,
       ic.relname AS name,
       pg_get_indexdef(i.indexrelid) AS definition,
       i.indisclustered AS clustered, i.indisvalid AS valid, c.relkind::text AS table_relkind,
       {{tablespace(ic.reltablespace)}} AS tablespace,
       (SELECT json_build_object('schema', pn.nspname, 'name', pic.relname)
        FROM pg_inherits inh JOIN pg_class pic ON pic.oid = inh.inhparent
        JOIN pg_namespace pn ON pn.oid = pic.relnamespace
        WHERE inh.inhrelid = i.indexrelid) AS attach_to,
       (SELECT json_agg(json_build_array(a.attnum, a.attstattarget) ORDER BY a.attnum)
        FROM pg_attribute a
        WHERE a.attrelid = i.indexrelid AND {{v:index_stattarget_set}}) AS column_statistics,
       {{comment(pg_class, ic.oid)}} AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                    AND d.refclassid = 'pg_constraint'::regclass AND d.deptype = 'i')
