-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY users_email ON public.users (email);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY public.users_email;
