CREATE TABLE public.hit (id integer);
CREATE AGGREGATE public.hits(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0');
COMMENT ON AGGREGATE public.hits(*) IS 'counts rows';
CREATE MATERIALIZED VIEW public.hit_count AS SELECT public.hits(*) AS n FROM public.hit;
