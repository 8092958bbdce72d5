-- expect: drop-index-not-concurrently 4
-- migrate:up
SET lock_timeout = '5s';
DROP INDEX public.users_email;

-- migrate:down
CREATE INDEX users_email ON public.users (email);
