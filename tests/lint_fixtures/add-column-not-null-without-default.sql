-- expect: add-column-not-null-without-default 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD COLUMN tier text NOT NULL;

-- migrate:down
ALTER TABLE public.users DROP COLUMN tier;
