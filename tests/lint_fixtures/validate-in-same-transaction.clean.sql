-- migrate:up
SET lock_timeout = '5s';
-- added NOT VALID by the previous migration
ALTER TABLE public.users VALIDATE CONSTRAINT users_age;

-- migrate:down
SELECT 1;
