-- The public schema as every new database has it (initdb's owner, comment and ACL).
CREATE TABLE public.t (id int);
