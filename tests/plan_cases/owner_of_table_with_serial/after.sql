CREATE TABLE public.counter (id serial PRIMARY KEY, label text);
ALTER TABLE public.counter OWNER TO plan_owner;
GRANT SELECT ON public.counter TO plan_reader;
GRANT USAGE ON SEQUENCE public.counter_id_seq TO plan_reader;
