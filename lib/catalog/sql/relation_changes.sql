-- Which relations must be read again since an earlier read, for read_changes_since: one
-- row per relation that owns catalog rows (a table, view, materialized view or sequence;
-- an index, TOAST table or identity sequence is owned by its table), with how many rows
-- it owns now and whether it is touched. Touched: one of its rows was written after the
-- horizon (its xmin is newer), or it has fewer of the rows it had at the earlier read
-- (a row deleted, or updated: the new version is written), or it depends on an object
-- touched in these ways or on an object of another kind written since (pg_depend records
-- exactly what a definition names: a renamed column, type, function or schema reaches
-- every definition that prints it). The rows counted are those the relation queries
-- read: its pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index, pg_inherits,
-- pg_trigger, pg_policy, pg_rewrite, pg_sequence, pg_partitioned_table and
-- pg_foreign_table rows, and the pg_description, pg_seclabel and pg_depend rows of any
-- of them. Comments and security labels are counted apart: no other definition prints
-- them, so a relation touched only there does not touch what depends on it.
-- $1: the horizon, an xid taken before the changes (NULL: only the counts);
-- $2, $3, $4: the owners, their row counts and their comment and label counts at the
-- earlier read.
WITH horizon AS (
  SELECT age($1::text::xid) AS age
),
owners AS (
  SELECT c.oid AS relid, c.oid AS owner
  FROM pg_class c WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  UNION ALL
  SELECT c.oid, COALESCE((SELECT d.refobjid FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i'
                          LIMIT 1), c.oid)
  FROM pg_class c WHERE c.oid >= 16384 AND c.relkind = 'S'
  UNION ALL
  SELECT c.reltoastrelid, c.oid
  FROM pg_class c WHERE c.oid >= 16384 AND c.reltoastrelid <> 0
  UNION ALL
  SELECT i.indexrelid, COALESCE(t.oid, i.indrelid)
  FROM pg_index i LEFT JOIN pg_class t ON t.reltoastrelid = i.indrelid AND t.oid >= 16384
  WHERE i.indexrelid >= 16384
),
refs AS (
  SELECT 'pg_class'::regclass::oid AS classid, o.relid AS objid, o.owner FROM owners o
  UNION ALL
  SELECT 'pg_attrdef'::regclass::oid, ad.oid, o.owner
  FROM pg_attrdef ad JOIN owners o ON o.relid = ad.adrelid
  UNION ALL
  SELECT 'pg_constraint'::regclass::oid, co.oid, o.owner
  FROM pg_constraint co JOIN owners o ON o.relid = co.conrelid
  UNION ALL
  SELECT 'pg_trigger'::regclass::oid, t.oid, o.owner
  FROM pg_trigger t JOIN owners o ON o.relid = t.tgrelid
  UNION ALL
  SELECT 'pg_policy'::regclass::oid, p.oid, o.owner
  FROM pg_policy p JOIN owners o ON o.relid = p.polrelid
  UNION ALL
  SELECT 'pg_rewrite'::regclass::oid, r.oid, o.owner
  FROM pg_rewrite r JOIN owners o ON o.relid = r.ev_class
  UNION ALL
  SELECT 'pg_type'::regclass::oid, ty.oid, o.owner
  FROM pg_type ty JOIN owners o ON o.relid = ty.typrelid
),
owned_rows AS (
  SELECT o.owner, c.xmin, false AS note FROM pg_class c JOIN owners o ON o.relid = c.oid
  UNION ALL
  SELECT o.owner, a.xmin, false FROM pg_attribute a JOIN owners o ON o.relid = a.attrelid
  UNION ALL
  SELECT o.owner, ad.xmin, false FROM pg_attrdef ad JOIN owners o ON o.relid = ad.adrelid
  UNION ALL
  SELECT o.owner, co.xmin, false FROM pg_constraint co JOIN owners o ON o.relid = co.conrelid
  UNION ALL
  SELECT o.owner, i.xmin, false FROM pg_index i JOIN owners o ON o.relid = i.indexrelid
  UNION ALL
  SELECT o.owner, h.xmin, false FROM pg_inherits h JOIN owners o ON o.relid = h.inhrelid
  UNION ALL
  SELECT o.owner, t.xmin, false FROM pg_trigger t JOIN owners o ON o.relid = t.tgrelid
  UNION ALL
  SELECT o.owner, p.xmin, false FROM pg_policy p JOIN owners o ON o.relid = p.polrelid
  UNION ALL
  SELECT o.owner, r.xmin, false FROM pg_rewrite r JOIN owners o ON o.relid = r.ev_class
  UNION ALL
  SELECT o.owner, s.xmin, false FROM pg_sequence s JOIN owners o ON o.relid = s.seqrelid
  UNION ALL
  SELECT o.owner, pt.xmin, false FROM pg_partitioned_table pt JOIN owners o ON o.relid = pt.partrelid
  UNION ALL
  SELECT o.owner, ft.xmin, false FROM pg_foreign_table ft JOIN owners o ON o.relid = ft.ftrelid
  UNION ALL
  SELECT r.owner, d.xmin, true
  FROM pg_description d JOIN refs r ON r.classid = d.classoid AND r.objid = d.objoid
  UNION ALL
  SELECT r.owner, l.xmin, true
  FROM pg_seclabel l JOIN refs r ON r.classid = l.classoid AND r.objid = l.objoid
  UNION ALL
  SELECT r.owner, d.xmin, false
  FROM pg_depend d JOIN refs r ON r.classid = d.classid AND r.objid = d.objid
),
counts AS (
  SELECT w.owner,
         count(*) FILTER (WHERE NOT w.note) AS total,
         count(*) FILTER (WHERE NOT w.note AND NOT w.written) AS survivors,
         count(*) FILTER (WHERE w.note) AS notes,
         count(*) FILTER (WHERE w.note AND NOT w.written) AS note_survivors,
         bool_or(w.written AND NOT w.note) AS written,
         bool_or(w.written AND w.note) AS note_written
  FROM (SELECT r.owner, r.note, COALESCE(age(r.xmin) <= h.age, false) AS written
        FROM owned_rows r, horizon h) w
  GROUP BY w.owner
),
previous AS (
  SELECT p.owner, p.total, p.notes
  FROM unnest($2::oid[], $3::bigint[], $4::bigint[]) AS p(owner, total, notes)
),
judged AS (
  SELECT c.owner,
         h.age IS NOT NULL AND (c.written OR p.total IS NULL OR c.survivors < p.total) AS reaching,
         h.age IS NOT NULL AND (c.note_written OR c.note_survivors < p.notes) AS noted
  FROM counts c CROSS JOIN horizon h LEFT JOIN previous p ON p.owner = c.owner
),
direct AS (
  SELECT j.owner FROM judged j WHERE j.reaching OR j.noted
),
-- Objects whose change can reach a relation's definition through pg_depend: the rows of
-- touched relations, and objects of the kinds read in full that were written since.
changed AS (
  SELECT r.classid, r.objid FROM refs r JOIN judged j ON j.owner = r.owner WHERE j.reaching
  UNION ALL
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
),
touched AS (
  SELECT d.owner FROM direct d
  UNION
  SELECT r.owner
  FROM pg_depend d
  JOIN changed c ON c.classid = d.refclassid AND c.objid = d.refobjid
  JOIN refs r ON r.classid = d.classid AND r.objid = d.objid
)
SELECT c.owner, c.total, c.notes, c.owner IN (SELECT t.owner FROM touched t) AS touched
FROM counts c
