-- migrate:up
CREATE TABLE public.scratch (id integer);
TRUNCATE public.scratch;

-- migrate:down
DROP TABLE public.scratch;
