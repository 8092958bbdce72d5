CREATE TABLE public.t (id integer PRIMARY KEY, a bigint, b text);
CREATE INDEX t_b ON public.t (lower(b));
CREATE VIEW public.v AS SELECT id, a FROM public.t;
CREATE VIEW public.v_outer AS SELECT id FROM public.v WHERE a > 0;
GRANT SELECT ON public.v_outer TO plan_reader;
