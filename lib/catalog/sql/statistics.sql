SELECT s.tableoid::oid AS classid, s.oid, n.nspname AS schema, s.stxname AS name,
       pg_get_statisticsobjdef(s.oid) AS definition,
       {{v:stxstattarget}} AS statistics_target,
       pg_get_userbyid(s.stxowner) AS owner,
       {{comment(pg_statistic_ext, s.oid)}} AS comment
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_statistic_ext, s.oid)}}
