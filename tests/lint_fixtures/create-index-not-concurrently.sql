-- expect: create-index-not-concurrently 4
-- migrate:up
SET lock_timeout = '5s';
CREATE INDEX users_email ON public.users (email);

-- migrate:down
DROP INDEX public.users_email;
