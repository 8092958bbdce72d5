-- Objects of kinds pgdrift does not model yet. Each row is named in a warning so
-- nothing is dropped in silence. Extension members are left out (CREATE EXTENSION
-- brings them), and so are objects that are an internal part of another one.
WITH ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
SELECT kind, name FROM (
  SELECT 'text search configuration' AS kind, n.nspname || '.' || x.cfgname AS name,
         x.tableoid AS classid, x.oid, n.nspname
  FROM pg_ts_config x JOIN pg_namespace n ON n.oid = x.cfgnamespace
  UNION ALL
  SELECT 'text search dictionary', n.nspname || '.' || x.dictname, x.tableoid, x.oid, n.nspname
  FROM pg_ts_dict x JOIN pg_namespace n ON n.oid = x.dictnamespace
  UNION ALL
  SELECT 'text search parser', n.nspname || '.' || x.prsname, x.tableoid, x.oid, n.nspname
  FROM pg_ts_parser x JOIN pg_namespace n ON n.oid = x.prsnamespace
  UNION ALL
  SELECT 'text search template', n.nspname || '.' || x.tmplname, x.tableoid, x.oid, n.nspname
  FROM pg_ts_template x JOIN pg_namespace n ON n.oid = x.tmplnamespace
  UNION ALL
  SELECT 'operator', n.nspname || '.' || x.oprname || '(' ||
         format_type(NULLIF(x.oprleft, 0), NULL) || ', ' || format_type(NULLIF(x.oprright, 0), NULL) || ')',
         x.tableoid, x.oid, n.nspname
  FROM pg_operator x JOIN pg_namespace n ON n.oid = x.oprnamespace
  UNION ALL
  SELECT 'operator class', n.nspname || '.' || x.opcname, x.tableoid, x.oid, n.nspname
  FROM pg_opclass x JOIN pg_namespace n ON n.oid = x.opcnamespace
  UNION ALL
  SELECT 'operator family', n.nspname || '.' || x.opfname, x.tableoid, x.oid, n.nspname
  FROM pg_opfamily x JOIN pg_namespace n ON n.oid = x.opfnamespace
  UNION ALL
  SELECT 'conversion', n.nspname || '.' || x.conname, x.tableoid, x.oid, n.nspname
  FROM pg_conversion x JOIN pg_namespace n ON n.oid = x.connamespace
  UNION ALL
  -- Two branches, not one OR: a NOT EXISTS under an OR runs once per type (pg_type has no
  -- index on typarray, so that was quadratic in the number of tables); alone it becomes
  -- an anti-join.
  SELECT 'base type', n.nspname || '.' || x.typname, x.tableoid, x.oid, n.nspname
  FROM pg_type x JOIN pg_namespace n ON n.oid = x.typnamespace
  WHERE x.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = x.oid)
  UNION ALL
  SELECT 'base type', n.nspname || '.' || x.typname, x.tableoid, x.oid, n.nspname
  FROM pg_type x JOIN pg_namespace n ON n.oid = x.typnamespace
  WHERE x.typtype = 'p' AND NOT x.typisdefined
  UNION ALL
  SELECT 'foreign table', n.nspname || '.' || x.relname, x.tableoid, x.oid, n.nspname
  FROM pg_class x JOIN pg_namespace n ON n.oid = x.relnamespace WHERE x.relkind = 'f'
  UNION ALL
  SELECT 'cast', format_type(x.castsource, NULL) || ' AS ' || format_type(x.casttarget, NULL),
         x.tableoid, x.oid, NULL
  FROM pg_cast x WHERE x.oid >= 16384
  UNION ALL
  SELECT 'procedural language', x.lanname, x.tableoid, x.oid, NULL
  FROM pg_language x WHERE x.oid >= 16384
  UNION ALL
  SELECT 'access method', x.amname, x.tableoid, x.oid, NULL
  FROM pg_am x WHERE x.oid >= 16384
  UNION ALL
  SELECT 'transform', format_type(x.trftype, NULL) || ' language ' || l.lanname, x.tableoid, x.oid, NULL
  FROM pg_transform x JOIN pg_language l ON l.oid = x.trflang
  UNION ALL
  SELECT 'foreign-data wrapper', x.fdwname, x.tableoid, x.oid, NULL
  FROM pg_foreign_data_wrapper x WHERE x.oid >= 16384
  UNION ALL
  SELECT 'foreign server', x.srvname, x.tableoid, x.oid, NULL
  FROM pg_foreign_server x
  UNION ALL
  SELECT 'user mapping', u.usename || ' SERVER ' || u.srvname, 'pg_user_mapping'::regclass, u.umid, NULL
  FROM pg_user_mappings u
  UNION ALL
  SELECT 'subscription', x.subname, 'pg_subscription'::regclass, {{v:subscription_oid}}, NULL
  FROM pg_subscription x WHERE x.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL
  SELECT 'security label', x.provider || ' on ' || pg_describe_object(x.classoid, x.objoid, x.objsubid),
         x.classoid, x.objoid, NULL
  FROM pg_seclabel x
  UNION ALL
  SELECT 'tablespace placement', n.nspname || '.' || x.relname || ' in tablespace ' || ts.spcname,
         x.tableoid, x.oid, n.nspname
  FROM pg_class x JOIN pg_namespace n ON n.oid = x.relnamespace
  JOIN pg_tablespace ts ON ts.oid = x.reltablespace
  WHERE x.reltablespace <> 0 AND x.relkind IN ('r', 'p', 'm', 'i', 'I')
) o
WHERE (o.nspname IS NULL OR {{schema_filter(o.nspname)}})
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = o.classid AND ext.objid = o.oid)
  -- parts of another object (the cast of a range type to its multirange type)
  AND NOT EXISTS (SELECT 1 FROM pg_depend i
                  WHERE i.classid = o.classid AND i.objid = o.oid AND i.deptype = 'i')
ORDER BY kind, name
