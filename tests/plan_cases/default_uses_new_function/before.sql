CREATE TABLE public.token (id integer PRIMARY KEY, value text);
