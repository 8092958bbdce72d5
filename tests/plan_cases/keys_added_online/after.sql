CREATE TABLE public.team (id integer PRIMARY KEY);
CREATE TABLE public.account (
  id integer CONSTRAINT account_pkey PRIMARY KEY,
  email text NOT NULL,
  team integer CONSTRAINT account_team_fkey REFERENCES public.team (id),
  age integer CONSTRAINT account_age_check CHECK (age >= 0),
  CONSTRAINT account_email_key UNIQUE (email) INCLUDE (team) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX account_by_email ON public.account (lower(email));
COMMENT ON CONSTRAINT account_email_key ON public.account IS 'one account per address';
