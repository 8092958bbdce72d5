-- Ordinary, partitioned and foreign tables, one row per table; their columns come from
-- columns.sql.
SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.relname AS name,
       c.relkind::text AS relkind,
       c.relpersistence = 'u' AS unlogged,
       pg_get_userbyid(c.relowner) AS owner,
       {{comment(pg_class, c.oid)}} AS comment,
       {{acl_unless_default(c.relacl, 'r', c.relowner)}} AS acl,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition THEN
         (SELECT json_build_object('schema', pn.nspname, 'name', pc.relname)
          FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
          JOIN pg_namespace pn ON pn.oid = pc.relnamespace
          WHERE i.inhrelid = c.oid) END AS partition_of,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       CASE WHEN NOT c.relispartition THEN
         (SELECT json_agg(json_build_object('schema', pn.nspname, 'name', pc.relname)
                          ORDER BY i.inhseqno)
          FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
          JOIN pg_namespace pn ON pn.oid = pc.relnamespace
          WHERE i.inhrelid = c.oid) END AS inherits,
       CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
       NULLIF((SELECT am.amname FROM pg_am am WHERE am.oid = c.relam), 'heap') AS access_method,
       {{tablespace(c.reltablespace)}} AS tablespace,
       array_to_json(array_cat(c.reloptions,
         (SELECT array_agg('toast.' || o) FROM pg_class tc, unnest(tc.reloptions) o
          WHERE tc.oid = c.reltoastrelid))) AS options,
       c.relreplident::text AS replica_identity,
       (SELECT ic.relname FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE x.indrelid = c.oid AND x.indisreplident) AS replica_identity_index,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       fs.srvname AS foreign_server,
       CASE WHEN c.relkind = 'f' THEN {{options(ft.ftoptions)}} END AS foreign_options
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
WHERE c.relkind IN ('r', 'p', 'f')
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
