CREATE FUNCTION public.greet(who text) RETURNS text LANGUAGE plpgsql STABLE AS $$BEGIN RETURN 'hi ' || who; END$$;
GRANT EXECUTE ON FUNCTION public.greet(text) TO plan_reader;
COMMENT ON FUNCTION public.greet(text) IS 'says hi';
