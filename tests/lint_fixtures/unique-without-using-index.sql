-- expect: unique-without-using-index 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE (email);

-- migrate:down
ALTER TABLE public.users DROP CONSTRAINT users_email_key;
