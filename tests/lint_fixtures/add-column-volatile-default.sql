-- expect: add-column-volatile-default 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD COLUMN token uuid DEFAULT gen_random_uuid();

-- migrate:down
ALTER TABLE public.users DROP COLUMN token;
