-- migrate:up
CREATE TABLE public.scratch (id integer, tmp text);
ALTER TABLE public.scratch DROP COLUMN tmp;

-- migrate:down
DROP TABLE public.scratch;
