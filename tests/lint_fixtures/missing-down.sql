-- expect: missing-down 0
-- migrate:up
CREATE TABLE public.t (id integer);
