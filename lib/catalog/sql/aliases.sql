-- Catalog rows that are not objects of their own but parts of one: a reference to such a
-- row is a reference to its owner (column defaults to their table, a view's ON SELECT
-- rule to the view, row and array types to their relation or element type, the index of
-- a constraint to the constraint, ...).
SELECT 'pg_attrdef'::regclass::oid AS classid, ad.oid AS objid,
       'pg_class'::regclass::oid AS owner_classid, ad.adrelid AS owner_objid
FROM pg_attrdef ad WHERE ad.oid >= 16384
UNION ALL
SELECT 'pg_rewrite'::regclass::oid, r.oid, 'pg_class'::regclass::oid, r.ev_class
FROM pg_rewrite r WHERE r.rulename = '_RETURN' AND r.oid >= 16384
UNION ALL
SELECT 'pg_type'::regclass::oid, t.oid, 'pg_class'::regclass::oid, t.typrelid
FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
WHERE t.oid >= 16384 AND c.relkind <> 'c'
UNION ALL
SELECT 'pg_class'::regclass::oid, c.oid, 'pg_type'::regclass::oid, c.reltype
FROM pg_class c WHERE c.relkind = 'c' AND c.oid >= 16384
UNION ALL
SELECT 'pg_type'::regclass::oid, t.typarray, 'pg_type'::regclass::oid, t.oid
FROM pg_type t WHERE t.typarray >= 16384
{{v:multirange_alias}}
UNION ALL
SELECT 'pg_class'::regclass::oid, d.objid, d.refclassid::oid, d.refobjid
FROM pg_depend d
WHERE d.classid = 'pg_class'::regclass AND d.objid >= 16384 AND d.deptype = 'i'
  AND d.refclassid IN ('pg_constraint'::regclass, 'pg_class'::regclass)
UNION ALL
SELECT 'pg_constraint'::regclass::oid, co.oid, 'pg_type'::regclass::oid, co.contypid
FROM pg_constraint co WHERE co.contypid <> 0 AND co.oid >= 16384
UNION ALL
SELECT 'pg_constraint'::regclass::oid, t.tgconstraint, 'pg_trigger'::regclass::oid, t.oid
FROM pg_trigger t WHERE t.tgconstraint <> 0 AND NOT t.tgisinternal AND t.oid >= 16384
UNION ALL
-- The members of an operator class (internal) or family (loose, auto) stand for it.
SELECT d.classid::oid, d.objid, d.refclassid::oid, d.refobjid
FROM pg_depend d
WHERE d.classid IN ('pg_amop'::regclass, 'pg_amproc'::regclass) AND d.objid >= 16384
  AND ((d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i')
       OR (d.refclassid = 'pg_opfamily'::regclass AND d.deptype = 'a'))
