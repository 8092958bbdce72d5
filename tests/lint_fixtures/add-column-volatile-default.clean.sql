-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD COLUMN token text DEFAULT 'none';

-- migrate:down
ALTER TABLE public.users DROP COLUMN token;
