-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD COLUMN tier text NOT NULL DEFAULT 'basic';

-- migrate:down
ALTER TABLE public.users DROP COLUMN tier;
