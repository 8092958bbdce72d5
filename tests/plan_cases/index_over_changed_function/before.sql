CREATE FUNCTION public.bucket(v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT v / 10';
CREATE TABLE public.reading (v integer);
CREATE INDEX reading_bucket ON public.reading (public.bucket(v));
