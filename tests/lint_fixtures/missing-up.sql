-- expect: missing-up 0
CREATE TABLE public.t (id integer);
