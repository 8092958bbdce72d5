-- migrate:up transaction:false
DROP INDEX CONCURRENTLY public.users_email;

-- migrate:down transaction:false
CREATE INDEX CONCURRENTLY users_email ON public.users (email);
