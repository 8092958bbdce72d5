-- Which relations a read of changes (read_changes_since) reads again: the tables, views,
-- materialized views and sequences (an index, TOAST table or identity sequence stands
-- for its table) that
--   * own a catalog row written after the horizon (its xmin is newer): their pg_class,
--     pg_attribute, pg_attrdef, pg_constraint, pg_index, pg_inherits, pg_trigger,
--     pg_policy, pg_rewrite, pg_sequence, pg_partitioned_table or pg_foreign_table rows,
--     or the pg_description, pg_seclabel or pg_depend rows of any of those;
--   * own an object a DDL command reported (the change recorder's rows: commands that
--     delete rows, as COMMENT ... IS NULL or DROP, leave no newer xmin);
--   * depend (pg_depend) on an object of a relation touched so, or on an object of
--     another kind written or reported since: pg_depend records what a definition
--     names, so a renamed column, type, function or schema reaches every definition that
--     prints it. A relation whose comments or security labels alone changed does not
--     touch its dependents: no other definition prints them.
-- Only the few changed rows are mapped to their relations, so the query costs a scan of
-- each catalog, not a join of them.
-- $1: the horizon, an xid taken after the earlier read and before the changes;
-- $2, $3, $4: the recorded objects (catalog OID, object OID, whether dependents print it).
WITH horizon AS (
  SELECT age($1::text::xid) AS age
),
recorded AS (
  SELECT r.classid, r.objid, r.reaching
  FROM unnest($2::oid[], $3::oid[], $4::boolean[]) AS r(classid, objid, reaching)
),
-- Rows of the relation catalogs written since, as the object each belongs to.
written AS (
  SELECT 'pg_class'::regclass::oid AS classid, c.oid AS objid, true AS reaching
  FROM pg_class c, horizon h WHERE age(c.xmin) <= h.age
  UNION ALL
  SELECT 'pg_class'::regclass::oid, a.attrelid, true
  FROM pg_attribute a, horizon h WHERE age(a.xmin) <= h.age
  UNION ALL
  SELECT 'pg_attrdef'::regclass::oid, ad.oid, true
  FROM pg_attrdef ad, horizon h WHERE age(ad.xmin) <= h.age
  UNION ALL
  SELECT 'pg_constraint'::regclass::oid, co.oid, true
  FROM pg_constraint co, horizon h WHERE age(co.xmin) <= h.age
  UNION ALL
  SELECT 'pg_class'::regclass::oid, i.indexrelid, true
  FROM pg_index i, horizon h WHERE age(i.xmin) <= h.age
  UNION ALL
  SELECT 'pg_class'::regclass::oid, inh.inhrelid, true
  FROM pg_inherits inh, horizon h WHERE age(inh.xmin) <= h.age
  UNION ALL
  SELECT 'pg_trigger'::regclass::oid, t.oid, true
  FROM pg_trigger t, horizon h WHERE age(t.xmin) <= h.age
  UNION ALL
  SELECT 'pg_policy'::regclass::oid, p.oid, true
  FROM pg_policy p, horizon h WHERE age(p.xmin) <= h.age
  UNION ALL
  SELECT 'pg_rewrite'::regclass::oid, r.oid, true
  FROM pg_rewrite r, horizon h WHERE age(r.xmin) <= h.age
  UNION ALL
  SELECT 'pg_class'::regclass::oid, s.seqrelid, true
  FROM pg_sequence s, horizon h WHERE age(s.xmin) <= h.age
  UNION ALL
  SELECT 'pg_class'::regclass::oid, pt.partrelid, true
  FROM pg_partitioned_table pt, horizon h WHERE age(pt.xmin) <= h.age
  UNION ALL
  SELECT 'pg_class'::regclass::oid, ft.ftrelid, true
  FROM pg_foreign_table ft, horizon h WHERE age(ft.xmin) <= h.age
  UNION ALL
  SELECT d.classoid, d.objoid, false
  FROM pg_description d, horizon h WHERE age(d.xmin) <= h.age
  UNION ALL
  SELECT l.classoid, l.objoid, false
  FROM pg_seclabel l, horizon h WHERE age(l.xmin) <= h.age
  UNION ALL
  SELECT d.classid, d.objid, true
  FROM pg_depend d, horizon h WHERE age(d.xmin) <= h.age
  UNION ALL
  SELECT r.classid, r.objid, r.reaching FROM recorded r
),
-- Objects of the kinds read in full that were written since: what depends on them may
-- print their new name.
other_kinds AS (
  SELECT x.classid, x.objid
  FROM (SELECT 'pg_namespace'::regclass::oid AS classid, n.oid AS objid, n.xmin
        FROM pg_namespace n
        UNION ALL SELECT 'pg_type'::regclass::oid, t.oid, t.xmin FROM pg_type t
        UNION ALL SELECT 'pg_type'::regclass::oid, e.enumtypid, e.xmin FROM pg_enum e
        UNION ALL SELECT 'pg_type'::regclass::oid, r.rngtypid, r.xmin FROM pg_range r
        UNION ALL SELECT 'pg_proc'::regclass::oid, p.oid, p.xmin FROM pg_proc p
        UNION ALL SELECT 'pg_collation'::regclass::oid, c.oid, c.xmin FROM pg_collation c
        UNION ALL SELECT 'pg_operator'::regclass::oid, o.oid, o.xmin FROM pg_operator o
        UNION ALL SELECT 'pg_opclass'::regclass::oid, o.oid, o.xmin FROM pg_opclass o
        UNION ALL SELECT 'pg_opfamily'::regclass::oid, o.oid, o.xmin FROM pg_opfamily o
        UNION ALL SELECT 'pg_cast'::regclass::oid, c.oid, c.xmin FROM pg_cast c
        UNION ALL SELECT 'pg_ts_config'::regclass::oid, c.oid, c.xmin FROM pg_ts_config c
        UNION ALL SELECT 'pg_ts_dict'::regclass::oid, d.oid, d.xmin FROM pg_ts_dict d
        UNION ALL SELECT 'pg_conversion'::regclass::oid, c.oid, c.xmin FROM pg_conversion c
        UNION ALL SELECT 'pg_extension'::regclass::oid, e.oid, e.xmin FROM pg_extension e
        UNION ALL SELECT 'pg_foreign_server'::regclass::oid, s.oid, s.xmin
                  FROM pg_foreign_server s
        UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass::oid, w.oid, w.xmin
                  FROM pg_foreign_data_wrapper w
        UNION ALL SELECT 'pg_am'::regclass::oid, a.oid, a.xmin FROM pg_am a
        UNION ALL SELECT 'pg_language'::regclass::oid, l.oid, l.xmin FROM pg_language l
        UNION ALL SELECT 'pg_statistic_ext'::regclass::oid, s.oid, s.xmin
                  FROM pg_statistic_ext s) x, horizon h
  WHERE age(x.xmin) <= h.age
  UNION ALL
  SELECT r.classid, r.objid FROM recorded r WHERE r.reaching
),
-- The relation each written object belongs to.
direct AS (
  SELECT DISTINCT x.owner, x.reaching
  FROM (SELECT {{relation_of(w.classid, w.objid)}} AS owner, w.reaching
        FROM (SELECT DISTINCT * FROM written) w) x
  WHERE x.owner >= 16384
),
-- Every object of the relations touched in a way their dependents can see, and the
-- objects of other kinds written or reported since.
changed_here AS (
  SELECT 'pg_class'::regclass::oid AS classid, r.owner AS objid
  FROM (SELECT DISTINCT d.owner FROM direct d WHERE d.reaching) r
  UNION
  SELECT 'pg_class'::regclass::oid, i.indexrelid
  FROM pg_index i JOIN direct r ON r.owner = i.indrelid AND r.reaching
  UNION
  SELECT 'pg_type'::regclass::oid, c.reltype
  FROM pg_class c JOIN direct r ON r.owner = c.oid AND r.reaching
  UNION
  SELECT 'pg_constraint'::regclass::oid, co.oid
  FROM pg_constraint co JOIN direct r ON r.owner = co.conrelid AND r.reaching
  UNION
  SELECT 'pg_attrdef'::regclass::oid, ad.oid
  FROM pg_attrdef ad JOIN direct r ON r.owner = ad.adrelid AND r.reaching
  UNION
  SELECT o.classid, o.objid FROM other_kinds o
),
-- What is named through them without a row of its own written: everything in a schema
-- written since (its qualified names), then functions, operators, casts, operator
-- classes and families and transforms whose identities name a changed type.
-- (The joins with pg_depend go through its index, one changed object at a time: there
-- are few of them, and pg_depend is the largest catalog.)
named_in_schemas AS (
  SELECT d.classid, d.objid
  FROM changed_here c
  CROSS JOIN LATERAL (SELECT d.classid, d.objid FROM pg_depend d
                      WHERE d.refclassid = c.classid AND d.refobjid = c.objid) d
  WHERE c.classid = 'pg_namespace'::regclass
),
named_so_far AS (
  SELECT c.classid, c.objid FROM changed_here c
  UNION
  SELECT n.classid, n.objid FROM named_in_schemas n
),
changed AS (
  SELECT n.classid, n.objid FROM named_so_far n
  UNION
  SELECT d.classid, d.objid
  FROM named_so_far c
  CROSS JOIN LATERAL (SELECT d.classid, d.objid FROM pg_depend d
                      WHERE d.refclassid = c.classid AND d.refobjid = c.objid) d
  WHERE d.classid IN ('pg_proc'::regclass, 'pg_operator'::regclass, 'pg_cast'::regclass,
                      'pg_opclass'::regclass, 'pg_opfamily'::regclass, 'pg_transform'::regclass)
),
-- The relations of what depends on those.
dependent_relations AS (
  SELECT x.owner
  FROM (SELECT {{relation_of(w.classid, w.objid)}} AS owner
        FROM (SELECT DISTINCT d.classid, d.objid
              FROM changed c
              CROSS JOIN LATERAL (SELECT d.classid, d.objid FROM pg_depend d
                                  WHERE d.refclassid = c.classid AND d.refobjid = c.objid) d) w) x
  WHERE x.owner >= 16384
)
SELECT d.owner FROM direct d
UNION
SELECT r.owner FROM dependent_relations r
