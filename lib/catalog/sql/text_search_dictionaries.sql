SELECT d.tableoid::oid AS classid, d.oid, n.nspname AS schema, d.dictname AS name,
       json_build_object('schema', tn.nspname, 'name', t.tmplname) AS template_name,
       d.dictinitoption AS options,
       pg_get_userbyid(d.dictowner) AS owner,
       {{comment(pg_ts_dict, d.oid)}} AS comment
FROM pg_ts_dict d
JOIN pg_namespace n ON n.oid = d.dictnamespace
JOIN pg_ts_template t ON t.oid = d.dicttemplate
JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_ts_dict, d.oid)}}
