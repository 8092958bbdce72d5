CREATE FUNCTION public.new_token() RETURNS text LANGUAGE sql VOLATILE AS $$SELECT md5(random()::text)$$;
CREATE TABLE public.token (id integer PRIMARY KEY, value text DEFAULT public.new_token());
