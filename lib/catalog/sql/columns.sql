-- The columns of every table tables.sql reads, one row per column in (table, attnum)
-- order, as plain fields: one pass with hash joins over pg_attribute, pg_attrdef,
-- pg_description and the identity sequences. (A JSON array per table built by
-- correlated subqueries cost 1.9 s of server time at 10,000 tables, and as much again
-- to parse.) Columns of tables the reader leaves out (extension members) are skipped
-- by the reader. A default cannot refer to a column, so it is deparsed without its
-- table (relid 0): pg_get_expr with a relid builds that table's deparse context (and
-- opens it) on every call, which made a table's defaults quadratic in its columns
-- (1,600 columns with defaults: 5.6 s; issue 17). Generated columns do refer to columns.
SELECT a.attrelid AS table_oid,
       a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       CASE WHEN a.attcollation <> t.typcollation THEN cn.nspname END AS collation_schema,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation_name,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END AS default_expr,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated_expr,
       a.attidentity::text AS identity,
       idn.nspname AS identity_sequence_schema,
       idc.relname AS identity_sequence_name,
       ids.seqstart AS identity_start,
       ids.seqincrement AS identity_increment,
       ids.seqmin AS identity_min_value,
       ids.seqmax AS identity_max_value,
       ids.seqcache AS identity_cache,
       ids.seqcycle AS identity_cycle,
       {{acl(idc.relacl)}} AS identity_acl,
       (a.attinhcount > 0 AND NOT a.attislocal AND NOT c.relispartition)
         OR (c.reloftype <> 0 AND a.attislocal IS NOT DISTINCT FROM false) AS inherited,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
       {{v:attcompression}} AS compression,
       {{v:attstattarget}} AS statistics,
       -- Options with the reserved prefix pg_ are managed by the server, not set by
       -- users: PostgreSQL 15.20 stamps every column with pg_attver=<n>, which differs
       -- between two builds of the same schema. pg_dump leaves them out too.
       CASE WHEN a.attoptions IS NOT NULL THEN
         (SELECT json_agg(o ORDER BY ord)
          FROM unnest(a.attoptions) WITH ORDINALITY AS opt(o, ord)
          WHERE o NOT LIKE 'pg\_%') END AS options,
       dsc.description AS comment,
       {{acl(a.attacl)}} AS acl,
       CASE WHEN a.attfdwoptions IS NOT NULL THEN {{options(a.attfdwoptions)}} END
         AS fdw_options,
       {{v:not_null_constraint}}
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'f')
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_description dsc
  ON dsc.objoid = a.attrelid AND dsc.classoid = 'pg_class'::regclass
 AND dsc.objsubid = a.attnum
-- An identity column's sequence: the internal dependency from the sequence to it.
LEFT JOIN (pg_depend idd
           JOIN pg_class idc ON idc.oid = idd.objid AND idc.relkind = 'S'
           JOIN pg_namespace idn ON idn.oid = idc.relnamespace
           JOIN pg_sequence ids ON ids.seqrelid = idc.oid)
  ON idd.classid = 'pg_class'::regclass AND idd.refclassid = 'pg_class'::regclass
 AND idd.refobjid = a.attrelid AND idd.refobjsubid = a.attnum AND idd.deptype = 'i'
 AND a.attidentity <> ''
{{v:not_null_constraint_join}}
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
ORDER BY a.attrelid, a.attnum
