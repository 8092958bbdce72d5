CREATE TABLE public.audit_me (id integer PRIMARY KEY, touched timestamptz);
