CREATE TABLE public.audit_me (id integer PRIMARY KEY, touched timestamptz);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := now(); RETURN NEW; END$$;
CREATE TRIGGER audit_me_touch BEFORE UPDATE ON public.audit_me FOR EACH ROW EXECUTE FUNCTION public.touch();
