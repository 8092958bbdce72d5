CREATE TABLE public.feed (id integer NOT NULL, body text);
