CREATE FUNCTION public.half(x integer) RETURNS numeric LANGUAGE sql AS 'SELECT x / 2.0';
CREATE VIEW public.halves AS SELECT public.half(10) AS h;
