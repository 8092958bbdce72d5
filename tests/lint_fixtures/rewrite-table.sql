-- expect: rewrite-table 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.events SET TABLESPACE archive;

-- migrate:down
ALTER TABLE public.events SET TABLESPACE pg_default;
