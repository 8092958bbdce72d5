-- Dependency edges between objects created after initdb (OIDs from FirstNormalObjectId,
-- 16384, on). Extension membership ('e') is read separately; pinned system objects never
-- appear here. The reader maps both ends to modelled objects and drops the rest.
SELECT d.classid::oid AS classid, d.objid, d.refclassid::oid AS refclassid, d.refobjid,
       d.deptype::text AS deptype
FROM pg_depend d
WHERE d.deptype IN ('n', 'a', 'i')
  AND d.objid >= 16384 AND d.refobjid >= 16384
  AND {{only_relation_objects(d.classid, d.objid)}}
