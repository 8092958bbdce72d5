-- Views and materialized views. Only columns with a default, comment or privileges are
-- listed: the columns themselves come from the query.
SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.relname AS name,
       c.relkind::text AS relkind,
       pg_get_viewdef(c.oid) AS definition,
       pg_get_userbyid(c.relowner) AS owner,
       {{comment(pg_class, c.oid)}} AS comment,
       {{acl(c.relacl)}} AS acl,
       array_to_json(c.reloptions) AS options,
       NULLIF((SELECT am.amname FROM pg_am am WHERE am.oid = c.relam), 'heap') AS access_method,
       (SELECT json_agg(json_build_object(
           'name', a.attname,
           'default_expr', pg_get_expr(ad.adbin, ad.adrelid),
           'comment', {{comment(pg_class, c.oid, a.attnum)}},
           'acl', {{acl(a.attacl)}}) ORDER BY a.attnum)
        FROM pg_attribute a
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND (ad.adbin IS NOT NULL OR a.attacl IS NOT NULL
               OR {{comment(pg_class, c.oid, a.attnum)}} IS NOT NULL)) AS columns
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_class, c.oid)}}
