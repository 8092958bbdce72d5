-- Publications are database-wide; their tables are filtered like any table.
SELECT p.tableoid::oid AS classid, p.oid, p.pubname AS name,
       p.puballtables AS all_tables,
       p.pubinsert AS pub_insert, p.pubupdate AS pub_update, p.pubdelete AS pub_delete,
       p.pubtruncate AS pub_truncate, {{v:pubviaroot}} AS via_root,
       pg_get_userbyid(p.pubowner) AS owner,
       {{comment(pg_publication, p.oid)}} AS comment,
       (SELECT json_agg(json_build_object(
           'table', json_build_object('schema', n.nspname, 'name', c.relname),
           {{v:publication_rel_extras}}) ORDER BY n.nspname, c.relname)
        FROM pg_publication_rel pr
        JOIN pg_class c ON c.oid = pr.prrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE pr.prpubid = p.oid AND {{schema_filter(n.nspname)}}) AS tables,
       {{v:publication_schemas}} AS schemas
FROM pg_publication p
WHERE {{not_extension_member(pg_publication, p.oid)}}
