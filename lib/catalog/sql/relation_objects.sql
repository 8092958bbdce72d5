-- The catalog objects whose pg_depend rows a read of changes reads: those of the relations
-- it reads again ($1), and the pg_class rows of stand-alone composite types and the
-- pg_constraint rows of domains (parts of types, which it reads in full). Every other
-- object of the relation catalogs belongs to a relation it keeps, with its dependencies.
WITH relation AS (
  SELECT r.oid FROM unnest($1::oid[]) AS r(oid)
)
SELECT r.oid FROM relation r
UNION
SELECT i.indexrelid FROM pg_index i JOIN relation r ON r.oid = i.indrelid
UNION
SELECT c.reltoastrelid FROM pg_class c JOIN relation r ON r.oid = c.oid
WHERE c.reltoastrelid <> 0
UNION
SELECT d.objid FROM pg_depend d JOIN relation r ON r.oid = d.refobjid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
  AND d.deptype = 'i'
UNION
SELECT ad.oid FROM pg_attrdef ad JOIN relation r ON r.oid = ad.adrelid
UNION
SELECT co.oid FROM pg_constraint co JOIN relation r ON r.oid = co.conrelid
UNION
SELECT t.oid FROM pg_trigger t JOIN relation r ON r.oid = t.tgrelid
UNION
SELECT p.oid FROM pg_policy p JOIN relation r ON r.oid = p.polrelid
UNION
SELECT w.oid FROM pg_rewrite w JOIN relation r ON r.oid = w.ev_class
UNION
SELECT c.oid FROM pg_class c WHERE c.relkind = 'c' AND c.oid >= 16384
UNION
SELECT co.oid FROM pg_constraint co WHERE co.conrelid = 0 AND co.oid >= 16384
