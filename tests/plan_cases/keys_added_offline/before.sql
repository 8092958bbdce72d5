CREATE TABLE public.team (id integer PRIMARY KEY);
CREATE TABLE public.account (id integer, email text, team integer, age integer);
