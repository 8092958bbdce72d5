-- expect: validate-in-same-transaction 5
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD CONSTRAINT users_age CHECK (age >= 0) NOT VALID;
ALTER TABLE public.users VALIDATE CONSTRAINT users_age;

-- migrate:down
ALTER TABLE public.users DROP CONSTRAINT users_age;
