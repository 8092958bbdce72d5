-- Enum, composite (stand-alone, relkind 'c'), range, base and shell types, and domains.
-- Array types, table row types and multirange types come with their owner and are not
-- listed.
SELECT t.tableoid::oid AS classid, t.oid, n.nspname AS schema, t.typname AS name,
       t.typtype::text AS typtype,
       pg_get_userbyid(t.typowner) AS owner,
       {{comment(pg_type, t.oid)}} AS comment,
       {{acl_unless_default(t.typacl, 'T', t.typowner)}} AS acl,
       CASE WHEN t.typtype = 'e' THEN
         (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e
          WHERE e.enumtypid = t.oid) END AS labels,
       CASE WHEN t.typtype = 'c' THEN
         (SELECT json_agg(json_build_object(
                   'name', a.attname,
                   'type', format_type(a.atttypid, a.atttypmod),
                   'collation', CASE WHEN a.attcollation <> at.typcollation THEN
                     (SELECT json_build_object('schema', cn.nspname, 'name', co.collname)
                      FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                      WHERE co.oid = a.attcollation) END,
                   'comment', {{comment(pg_class, t.typrelid, a.attnum)}}) ORDER BY a.attnum)
          FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
          WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attributes,
       format_type(r.rngsubtype, NULL) AS range_subtype,
       CASE WHEN r.rngsubopc IS NOT NULL AND NOT opc.opcdefault THEN
         json_build_object('schema', opcn.nspname, 'name', opc.opcname) END AS range_opclass,
       CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN
         (SELECT json_build_object('schema', cn.nspname, 'name', co.collname)
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE co.oid = r.rngcollation) END AS range_collation,
       NULLIF(r.rngcanonical, 0)::regproc::text AS range_canonical,
       NULLIF(r.rngsubdiff, 0)::regproc::text AS range_subtype_diff,
       {{v:multirange}} AS multirange,
       -- domains
       format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull AS not_null,
       pg_get_expr(t.typdefaultbin, 0) AS default_expr,
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN
         (SELECT json_build_object('schema', cn.nspname, 'name', co.collname)
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE co.oid = t.typcollation) END AS collation,
       CASE WHEN t.typtype = 'd' THEN
         (SELECT json_agg(json_build_object(
                   'name', c.conname,
                   'definition', pg_get_constraintdef(c.oid),
                   'validated', c.convalidated,
                   'comment', {{comment(pg_constraint, c.oid)}}) ORDER BY c.conname)
          FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') END
         AS constraints,
       CASE WHEN t.typtype = 'b' THEN json_build_object(
         'input', t.typinput::regproc::text, 'output', t.typoutput::regproc::text,
         'receive', NULLIF(t.typreceive::oid, 0)::regproc::text,
         'send', NULLIF(t.typsend::oid, 0)::regproc::text,
         'typmod_in', NULLIF(t.typmodin::oid, 0)::regproc::text,
         'typmod_out', NULLIF(t.typmodout::oid, 0)::regproc::text,
         'analyze', NULLIF(t.typanalyze::oid, 0)::regproc::text,
         'subscript', {{v:typsubscript}},
         'internal_length', t.typlen, 'passed_by_value', t.typbyval,
         'alignment', CASE t.typalign WHEN 'c' THEN 'char' WHEN 's' THEN 'int2'
                                      WHEN 'i' THEN 'int4' ELSE 'double' END,
         'storage', CASE t.typstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external'
                                      WHEN 'm' THEN 'main' ELSE 'extended' END,
         'category', t.typcategory, 'preferred', t.typispreferred,
         'default_value', t.typdefault,
         'element', CASE WHEN t.typelem <> 0 THEN format_type(t.typelem, NULL) END,
         'delimiter', t.typdelim, 'collatable', t.typcollation <> 0) END AS base
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_range r ON r.rngtypid = t.oid
LEFT JOIN pg_type st ON st.oid = r.rngsubtype
LEFT JOIN pg_opclass opc ON opc.oid = r.rngsubopc
LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
-- The element type whose array type this is (an anti-join: pg_type has no index on
-- typarray, and a NOT EXISTS under the OR below would run once per type).
LEFT JOIN pg_type array_of ON array_of.typarray = t.oid
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_type, t.oid)}}
  AND (t.typtype IN ('e', 'r', 'd')
       OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
       OR (t.typtype = 'b' AND array_of.oid IS NULL)
       OR (t.typtype = 'p' AND NOT t.typisdefined))
