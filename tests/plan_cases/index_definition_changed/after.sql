CREATE TABLE public.person (id integer PRIMARY KEY, email text, active boolean);
CREATE UNIQUE INDEX person_email ON public.person (lower(email)) WHERE active;
