CREATE TABLE public.player (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION public.calculate_score(p integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT p * 10';
CREATE VIEW public.user_rankings AS SELECT id, public.calculate_score(points) AS score FROM public.player;
CREATE VIEW public.daily_stats AS SELECT max(score) AS best FROM public.user_rankings;
CREATE VIEW public.executive_dashboard AS SELECT best FROM public.daily_stats;
GRANT SELECT ON public.executive_dashboard TO plan_reader;
COMMENT ON VIEW public.daily_stats IS 'per day';
