-- Owned by a role now, no comment, and usable only by the owner and plan_reader: PUBLIC's
-- USAGE from initdb's ACL must be revoked too (postgrest-spec's public schema).
CREATE TABLE public.t (id int);
ALTER SCHEMA public OWNER TO plan_owner;
COMMENT ON SCHEMA public IS '';
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO plan_reader;
