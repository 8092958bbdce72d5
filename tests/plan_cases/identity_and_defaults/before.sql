CREATE TABLE public.event (id integer NOT NULL, at timestamptz, kind text DEFAULT 'x');
