-- Table constraints. Constraint triggers (contype 't') are rendered with their trigger;
-- NOT NULL constraints (catalog rows from PostgreSQL 18) are read with their column
-- (columns.sql).
-- conparentid <> 0 marks a partition's copy of a constraint of its partitioned parent.
SELECT co.tableoid::oid AS classid, co.oid, n.nspname AS schema, c.relname AS table_name,
       co.conname AS name, co.contype::text AS contype,
       pg_get_constraintdef(co.oid) AS definition,
       co.convalidated AS validated, co.conislocal AS is_local,
       co.connoinherit AS no_inherit, c.relkind::text AS relkind,
       co.conparentid <> 0 AS has_parent,
       (SELECT ic.relname FROM pg_class ic WHERE ic.oid = co.conindid) AS index_name,
       (SELECT {{tablespace(ic.reltablespace)}} FROM pg_class ic
        WHERE ic.oid = co.conindid AND co.contype IN ('p', 'u', 'x')) AS index_tablespace,
       CASE WHEN co.contype IN ('p', 'u', 'x') THEN
         (SELECT json_build_object('schema', pn.nspname, 'name', pic.relname)
          FROM pg_inherits i JOIN pg_class pic ON pic.oid = i.inhparent
          JOIN pg_namespace pn ON pn.oid = pic.relnamespace
          WHERE i.inhrelid = co.conindid) END AS attach_to,
       -- An inherited check constraint that is valid while its parent's is NOT VALID (a
       -- partition created after the parent's NOT VALID constraint): the parent table.
       CASE WHEN co.contype = 'c' AND NOT co.conislocal AND co.convalidated THEN
         (SELECT json_build_object('schema', pn.nspname, 'name', pc.relname)
          FROM pg_inherits i
          JOIN pg_constraint pco ON pco.conrelid = i.inhparent AND pco.conname = co.conname
                                AND pco.contype = 'c' AND NOT pco.convalidated
          JOIN pg_class pc ON pc.oid = i.inhparent
          JOIN pg_namespace pn ON pn.oid = pc.relnamespace
          WHERE i.inhrelid = co.conrelid
          ORDER BY i.inhseqno LIMIT 1) END AS validated_copy_of,
       {{comment(pg_constraint, co.oid)}} AS comment,
       CASE WHEN co.contype IN ('p', 'u', 'x') THEN {{comment(pg_class, co.conindid)}} END
         AS index_comment,
       COALESCE((SELECT x.indisclustered FROM pg_index x WHERE x.indexrelid = co.conindid
                 AND co.contype IN ('p', 'u', 'x')), false) AS index_clustered
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE co.contype IN ('p', 'u', 'c', 'f', 'x')
  AND c.relkind IN ('r', 'p', 'f')
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
