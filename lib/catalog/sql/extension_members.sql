-- Objects that belong to an extension: CREATE EXTENSION brings them, so they are not
-- rendered, and a dependency on one of them is a dependency on the extension.
SELECT d.classid::oid AS classid, d.objid, d.refobjid AS extension_oid
FROM pg_depend d
WHERE d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass
