-- Text search configurations with their mappings, one per token type in the parser's
-- order (token types are named by the parser's ts_token_type() aliases).
SELECT c.tableoid::oid AS classid, c.oid, n.nspname AS schema, c.cfgname AS name,
       json_build_object('schema', pn.nspname, 'name', p.prsname) AS parser,
       pg_get_userbyid(c.cfgowner) AS owner,
       {{comment(pg_ts_config, c.oid)}} AS comment,
       COALESCE((
         SELECT json_agg(json_build_object(
                  'token_type', tt.alias,
                  'dictionaries', (SELECT json_agg(json_build_object('schema', dn.nspname,
                                                                     'name', dd.dictname)
                                                   ORDER BY m.mapseqno)
                                   FROM pg_ts_config_map m
                                   JOIN pg_ts_dict dd ON dd.oid = m.mapdict
                                   JOIN pg_namespace dn ON dn.oid = dd.dictnamespace
                                   WHERE m.mapcfg = c.oid AND m.maptokentype = tt.tokid))
                  ORDER BY tt.tokid)
         FROM ts_token_type(c.cfgparser) tt
         WHERE EXISTS (SELECT 1 FROM pg_ts_config_map m
                       WHERE m.mapcfg = c.oid AND m.maptokentype = tt.tokid)),
         '[]'::json) AS mappings
FROM pg_ts_config c
JOIN pg_namespace n ON n.oid = c.cfgnamespace
JOIN pg_ts_parser p ON p.oid = c.cfgparser
JOIN pg_namespace pn ON pn.oid = p.prsnamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_ts_config, c.oid)}}
