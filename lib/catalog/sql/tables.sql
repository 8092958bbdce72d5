-- Ordinary and partitioned tables with their columns (one row per table; the columns
-- come as one JSON array so the whole kind is a single query).
SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.relname AS name,
       c.relkind::text AS relkind,
       c.relpersistence = 'u' AS unlogged,
       pg_get_userbyid(c.relowner) AS owner,
       {{comment(pg_class, c.oid)}} AS comment,
       {{acl(c.relacl)}} AS acl,
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
       array_to_json(array_cat(c.reloptions,
         (SELECT array_agg('toast.' || o) FROM pg_class tc, unnest(tc.reloptions) o
          WHERE tc.oid = c.reltoastrelid))) AS options,
       c.relreplident::text AS replica_identity,
       (SELECT ic.relname FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE x.indrelid = c.oid AND x.indisreplident) AS replica_identity_index,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       (SELECT json_agg(json_build_object(
           'name', a.attname,
           'type', format_type(a.atttypid, a.atttypmod),
           'collation', CASE WHEN a.attcollation <> t.typcollation THEN
             (SELECT json_build_object('schema', cn.nspname, 'name', co.collname)
              FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
              WHERE co.oid = a.attcollation) END,
           'not_null', a.attnotnull,
           'default_expr', CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
           'generated_expr', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
           'identity', CASE WHEN a.attidentity <> '' THEN
             (SELECT json_build_object(
                 'generation', CASE a.attidentity WHEN 'a' THEN 'always' ELSE 'by_default' END,
                 'sequence', json_build_object('schema', sn.nspname, 'name', sc.relname),
                 'start', s.seqstart, 'increment', s.seqincrement, 'min_value', s.seqmin,
                 'max_value', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle)
              FROM pg_depend d
              JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
              JOIN pg_namespace sn ON sn.oid = sc.relnamespace
              JOIN pg_sequence s ON s.seqrelid = sc.oid
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype = 'i'
              LIMIT 1) END,
           'inherited', (a.attinhcount > 0 AND NOT a.attislocal AND NOT c.relispartition)
                        OR (c.reloftype <> 0 AND a.attislocal IS NOT DISTINCT FROM false),
           'storage', CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
           'compression', {{v:attcompression}},
           'statistics', {{v:attstattarget}},
           -- Options with the reserved prefix pg_ are managed by the server, not set by
           -- users: PostgreSQL 15.20 stamps every column with pg_attver=<n>, which
           -- differs between two builds of the same schema. pg_dump leaves them out too.
           'options', COALESCE((SELECT json_agg(o ORDER BY ord)
                                FROM unnest(a.attoptions) WITH ORDINALITY AS opt(o, ord)
                                WHERE o NOT LIKE 'pg\_%'), '[]'::json),
           'comment', {{comment(pg_class, c.oid, a.attnum)}},
           'acl', {{acl(a.attacl)}}) ORDER BY a.attnum)
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_class, c.oid)}}
