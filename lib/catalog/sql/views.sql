-- Views and materialized views. Only columns with a default, comment or privileges are
-- listed: the columns themselves come from the query.
SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.relname AS name,
       c.relkind::text AS relkind,
       pg_get_viewdef(c.oid) AS definition,
       pg_get_userbyid(c.relowner) AS owner,
       {{comment(pg_class, c.oid)}} AS comment,
       {{acl_unless_default(c.relacl, 'r', c.relowner)}} AS acl,
       array_to_json(c.reloptions) AS options,
       NULLIF((SELECT am.amname FROM pg_am am WHERE am.oid = c.relam), 'heap') AS access_method,
       {{tablespace(c.reltablespace)}} AS tablespace,
       (SELECT json_agg(json_build_object(
           'name', a.attname,
           'default_expr', pg_get_expr(ad.adbin, 0),  -- no column reference: see columns.sql
           'comment', {{comment(pg_class, c.oid, a.attnum)}},
           'acl', {{acl(a.attacl)}}) ORDER BY a.attnum)
        FROM pg_attribute a
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND (ad.adbin IS NOT NULL OR a.attacl IS NOT NULL
               OR {{comment(pg_class, c.oid, a.attnum)}} IS NOT NULL)) AS columns,
       -- A view that reads itself (made with CREATE OR REPLACE VIEW): the SELECT list of a
       -- stand-in with the same columns, created first so the real definition can refer
       -- to it, as pg_dump does.
       CASE WHEN c.relkind = 'v' AND EXISTS (
              SELECT 1 FROM pg_rewrite r
              JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
              WHERE r.ev_class = c.oid AND r.rulename = '_RETURN'
                AND d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid
                -- its columns: WITH CHECK OPTION makes the rule depend on the view as a whole
                AND d.refobjsubid > 0 AND d.deptype = 'n') THEN
         (SELECT string_agg('NULL::' || format_type(a.atttypid, a.atttypmod) ||
                            CASE WHEN a.attcollation <> t.typcollation THEN
                              ' COLLATE ' || quote_ident(cn.nspname) || '.' ||
                              quote_ident(co.collname) ELSE '' END ||
                            ' AS ' || quote_ident(a.attname), ', ' ORDER BY a.attnum)
          FROM pg_attribute a
          JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_collation co ON co.oid = a.attcollation
          LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) END AS placeholder
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND {{schema_filter(n.nspname)}}
  AND {{only_relations(c.oid)}}
  AND {{not_extension_member(pg_class, c.oid)}}
