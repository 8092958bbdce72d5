CREATE TABLE public.hit (id integer);
