-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY users_email ON public.users (email);

-- migrate:down
DROP INDEX public.users_email;
