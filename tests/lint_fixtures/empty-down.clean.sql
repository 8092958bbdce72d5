-- migrate:up
CREATE TABLE public.t (id integer);

-- migrate:down
DROP TABLE public.t;
