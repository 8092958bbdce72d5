SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.conname AS name,
       pg_encoding_to_char(c.conforencoding) AS source_encoding,
       pg_encoding_to_char(c.contoencoding) AS target_encoding,
       c.conproc::regproc::text AS function,
       c.condefault AS is_default,
       pg_get_userbyid(c.conowner) AS owner,
       {{comment(pg_conversion, c.oid)}} AS comment
FROM pg_conversion c
JOIN pg_namespace n ON n.oid = c.connamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_conversion, c.oid)}}
