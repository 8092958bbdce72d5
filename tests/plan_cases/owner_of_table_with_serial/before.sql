CREATE TABLE public.counter (id serial PRIMARY KEY, label text);
GRANT SELECT ON public.counter TO plan_reader;
