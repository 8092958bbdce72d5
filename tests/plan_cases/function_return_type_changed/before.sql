CREATE FUNCTION public.half(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x / 2';
CREATE VIEW public.halves AS SELECT public.half(10) AS h;
