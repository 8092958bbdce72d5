CREATE FUNCTION public.greet(who text) RETURNS text LANGUAGE plpgsql AS $$BEGIN RETURN 'hello ' || who; END$$;
GRANT EXECUTE ON FUNCTION public.greet(text) TO plan_reader;
