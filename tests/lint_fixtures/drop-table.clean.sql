-- migrate:up
CREATE TABLE public.scratch (id integer);
DROP TABLE public.scratch;

-- migrate:down
SELECT 1;
