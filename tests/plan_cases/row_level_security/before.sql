CREATE TABLE public.doc (id integer PRIMARY KEY, owner_name text NOT NULL);
