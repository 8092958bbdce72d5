CREATE TABLE public.sale (id integer PRIMARY KEY, amount integer);
CREATE MATERIALIZED VIEW public.sale_total AS SELECT sum(amount) AS total, count(*) AS n FROM public.sale;
CREATE INDEX sale_total_n ON public.sale_total (n);
