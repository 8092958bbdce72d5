CREATE TABLE public.account (id integer PRIMARY KEY, balance integer NOT NULL DEFAULT 0);
CREATE VIEW public.rich AS SELECT id, balance FROM public.account WHERE balance > 1000;
CREATE VIEW public.very_rich AS SELECT id FROM public.rich WHERE balance > 100000;
CREATE VIEW public.report AS SELECT count(*) AS n FROM public.very_rich;
GRANT SELECT ON public.report TO plan_reader;
COMMENT ON VIEW public.very_rich IS 'the top';
