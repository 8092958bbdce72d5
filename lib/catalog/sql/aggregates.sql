SELECT p.tableoid::oid AS classid, p.oid, n.nspname AS schema, p.proname AS name,
       pg_get_function_identity_arguments(p.oid) AS args,
       pg_get_function_arguments(p.oid) AS arguments,
       oidvectortypes(p.proargtypes) AS input_types,
       a.aggkind::text AS aggkind,
       a.aggtransfn::regproc::text AS sfunc,
       format_type(a.aggtranstype, NULL) AS stype,
       a.aggtransspace AS sspace,
       NULLIF(a.aggfinalfn, 0)::regproc::text AS finalfunc,
       a.aggfinalextra AS finalfunc_extra,
       a.aggfinalmodify::text AS finalfunc_modify,
       NULLIF(a.aggcombinefn, 0)::regproc::text AS combinefunc,
       NULLIF(a.aggserialfn, 0)::regproc::text AS serialfunc,
       NULLIF(a.aggdeserialfn, 0)::regproc::text AS deserialfunc,
       a.agginitval AS initcond,
       NULLIF(a.aggmtransfn, 0)::regproc::text AS msfunc,
       NULLIF(a.aggminvtransfn, 0)::regproc::text AS minvfunc,
       CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END AS mstype,
       a.aggmtransspace AS msspace,
       NULLIF(a.aggmfinalfn, 0)::regproc::text AS mfinalfunc,
       a.aggmfinalextra AS mfinalfunc_extra,
       a.aggmfinalmodify::text AS mfinalfunc_modify,
       a.aggminitval AS minitcond,
       CASE WHEN a.aggsortop <> 0 THEN
         (SELECT 'OPERATOR(' || quote_ident(opn.nspname) || '.' || op.oprname || ')'
          FROM pg_operator op JOIN pg_namespace opn ON opn.oid = op.oprnamespace
          WHERE op.oid = a.aggsortop) END AS sortop,
       p.proparallel::text AS parallel,
       pg_get_userbyid(p.proowner) AS owner,
       {{comment(pg_proc, p.oid)}} AS comment,
       {{acl_unless_default(p.proacl, 'f', p.proowner)}} AS acl
FROM pg_proc p
JOIN pg_aggregate a ON a.aggfnoid = p.oid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_proc, p.oid)}}
