-- A column retyped under views while an index of the same table changes: the index is
-- dropped concurrently (a statement of its own, outside any transaction), and the views
-- are dropped and made again in one transaction with the ALTER, never missing while the
-- concurrent statements run.
CREATE TABLE public.t (id integer PRIMARY KEY, a integer, b text);
CREATE INDEX t_b ON public.t (b);
CREATE VIEW public.v AS SELECT id, a FROM public.t;
CREATE VIEW public.v_outer AS SELECT id FROM public.v WHERE a > 0;
GRANT SELECT ON public.v_outer TO plan_reader;
