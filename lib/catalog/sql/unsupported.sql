-- Objects of kinds pgdrift does not model yet. Each row is named in a warning so
-- nothing is dropped in silence. Extension members are left out (CREATE EXTENSION
-- brings them), and so are objects that are an internal part of another one.
WITH ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
SELECT kind, name FROM (
  SELECT 'security label' AS kind, x.provider || ' on ' || pg_describe_object(x.classoid, x.objoid, x.objsubid) AS name,
         x.classoid AS classid, x.objoid AS oid, NULL AS nspname
  FROM pg_seclabel x
) o
WHERE (o.nspname IS NULL OR {{schema_filter(o.nspname)}})
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = o.classid AND ext.objid = o.oid)
  -- parts of another object (the cast of a range type to its multirange type)
  AND NOT EXISTS (SELECT 1 FROM pg_depend i
                  WHERE i.classid = o.classid AND i.objid = o.oid AND i.deptype = 'i')
ORDER BY kind, name
