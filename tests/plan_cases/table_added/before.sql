CREATE TABLE public.customer (id integer PRIMARY KEY, name text NOT NULL);
