-- Casts created after initdb. A cast has no schema: it is kept when its source and
-- target types are (types of pg_catalog always are). The cast of a range type to its
-- multirange type is an internal part of the type and is left out.
SELECT c.tableoid::oid AS classid, c.oid,
       format_type(c.castsource, NULL) AS source, format_type(c.casttarget, NULL) AS target,
       c.castmethod::text AS method,
       NULLIF(c.castfunc, 0)::regprocedure::text AS function,
       c.castcontext::text AS context,
       {{comment(pg_cast, c.oid)}} AS comment
FROM pg_cast c
JOIN pg_type st ON st.oid = c.castsource
JOIN pg_namespace sn ON sn.oid = st.typnamespace
JOIN pg_type tt ON tt.oid = c.casttarget
JOIN pg_namespace tn ON tn.oid = tt.typnamespace
WHERE c.oid >= 16384
  AND (sn.nspname = 'pg_catalog' OR {{schema_filter(sn.nspname)}})
  AND (tn.nspname = 'pg_catalog' OR {{schema_filter(tn.nspname)}})
  AND {{not_extension_member(pg_cast, c.oid)}}
  AND NOT EXISTS (SELECT 1 FROM pg_depend i
                  WHERE i.classid = 'pg_cast'::regclass AND i.objid = c.oid AND i.deptype = 'i')
