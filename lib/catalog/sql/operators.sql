-- User-defined operators. A shell operator (oprcode 0: named as another operator's
-- commutator or negator but never defined itself) is left out: CREATE OPERATOR makes it
-- again from that reference, as pg_dump relies on too.
SELECT o.tableoid::oid AS classid, o.oid, n.nspname AS schema, o.oprname AS name,
       COALESCE(format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ', ' ||
         COALESCE(format_type(NULLIF(o.oprright, 0), NULL), 'NONE') AS args,
       format_type(NULLIF(o.oprleft, 0), NULL) AS left_type,
       format_type(NULLIF(o.oprright, 0), NULL) AS right_type,
       o.oprcode::regproc::text AS function,
       (SELECT 'OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')'
        FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace
        WHERE c.oid = o.oprcom) AS commutator,
       (SELECT 'OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')'
        FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace
        WHERE c.oid = o.oprnegate) AS negator,
       NULLIF(o.oprrest::oid, 0)::regproc::text AS restrict_function,
       NULLIF(o.oprjoin::oid, 0)::regproc::text AS join_function,
       o.oprcanhash AS hashes, o.oprcanmerge AS merges,
       pg_get_userbyid(o.oprowner) AS owner,
       {{comment(pg_operator, o.oid)}} AS comment
FROM pg_operator o
JOIN pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprcode::oid <> 0
  AND {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_operator, o.oid)}}
