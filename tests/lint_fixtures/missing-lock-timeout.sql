-- expect: missing-lock-timeout 3
-- migrate:up
ALTER TABLE public.users ADD COLUMN nickname text;

-- migrate:down
ALTER TABLE public.users DROP COLUMN nickname;
