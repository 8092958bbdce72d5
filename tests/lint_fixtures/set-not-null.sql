-- expect: set-not-null 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;

-- migrate:down
ALTER TABLE public.users ALTER COLUMN email DROP NOT NULL;
