-- Schemas outside the system ones, except schemas created by an extension.
-- initial_acl: the ACL initdb gave the object (pg_init_privs), used to tell whether the
-- public schema's privileges were changed. A public schema without an ACL was made
-- again by hand (initdb's has one): it has the owner's default privileges, which differ
-- from those of the public schema every new database has, so they are written out.
SELECT n.tableoid::oid AS classid, n.oid, n.nspname AS name,
       pg_get_userbyid(n.nspowner) AS owner,
       {{comment(pg_namespace, n.oid)}} AS comment,
       {{acl(COALESCE(n.nspacl, CASE WHEN n.nspname = 'public'
                                     THEN acldefault('n', n.nspowner) END))}} AS acl,
       {{acl((SELECT ip.initprivs FROM pg_init_privs ip
              WHERE ip.objoid = n.oid AND ip.classoid = n.tableoid AND ip.objsubid = 0))}}
         AS initial_acl,
       {{v:public_default_owner}} AS public_default_owner
FROM pg_namespace n
WHERE {{schema_filter(n.nspname)}}
  AND {{not_extension_member(pg_namespace, n.oid)}}
