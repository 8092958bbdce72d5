-- Text search parsers (they have no owner).
SELECT p.tableoid::oid AS classid, p.oid, n.nspname AS schema, p.prsname AS name,
       p.prsstart::regproc::text AS start, p.prstoken::regproc::text AS gettoken,
       p.prsend::regproc::text AS "end", p.prslextype::regproc::text AS lextypes,
       NULLIF(p.prsheadline::oid, 0)::regproc::text AS headline,
       {{comment(pg_ts_parser, p.oid)}} AS comment
FROM pg_ts_parser p
JOIN pg_namespace n ON n.oid = p.prsnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_ts_parser, p.oid)}}
