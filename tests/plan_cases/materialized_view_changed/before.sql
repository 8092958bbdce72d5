CREATE TABLE public.sale (id integer PRIMARY KEY, amount integer);
CREATE MATERIALIZED VIEW public.sale_total AS SELECT sum(amount) AS total FROM public.sale;
