-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;

-- migrate:down
ALTER TABLE public.users DROP CONSTRAINT users_email_key;
