-- expect: rename-column 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users RENAME COLUMN name TO full_name;

-- migrate:down
ALTER TABLE public.users RENAME COLUMN full_name TO name;
