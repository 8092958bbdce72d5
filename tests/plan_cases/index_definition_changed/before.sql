CREATE TABLE public.person (id integer PRIMARY KEY, email text, active boolean);
CREATE INDEX person_email ON public.person (email);
