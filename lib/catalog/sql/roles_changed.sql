-- Whether a role or a role membership was written since the horizon $1 (an xid): role
-- names are printed in owners, grants and policies of every kind, so read_changes_since
-- then reads everything again. Needs a superuser (pg_authid); shadows are run by one.
SELECT EXISTS (SELECT 1 FROM pg_authid a WHERE age(a.xmin) <= age($1::text::xid))
    OR EXISTS (SELECT 1 FROM pg_auth_members m WHERE age(m.xmin) <= age($1::text::xid))
    AS changed
