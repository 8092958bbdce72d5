-- migrate:up
-- A table created in the same section has no rows to rewrite.
CREATE TABLE public.scratch (a integer);
ALTER TABLE public.scratch SET UNLOGGED;
ALTER TABLE public.scratch SET ACCESS METHOD heap;

-- migrate:down
DROP TABLE public.scratch;
