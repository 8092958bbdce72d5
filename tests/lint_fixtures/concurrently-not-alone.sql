-- expect: concurrently-not-alone 4
-- migrate:up transaction:false
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY users_email ON public.users (email);

-- migrate:down
DROP INDEX public.users_email;
