-- expect: drop-column 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users DROP COLUMN legacy_flag;

-- migrate:down
ALTER TABLE public.users ADD COLUMN legacy_flag boolean;
