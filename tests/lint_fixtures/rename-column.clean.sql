-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD COLUMN full_name text;

-- migrate:down
ALTER TABLE public.users DROP COLUMN full_name;
