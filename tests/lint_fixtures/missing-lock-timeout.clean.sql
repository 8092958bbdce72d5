-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD COLUMN nickname text;

-- migrate:down
ALTER TABLE public.users DROP COLUMN nickname;
