CREATE TABLE public.event (id integer, payload text);
