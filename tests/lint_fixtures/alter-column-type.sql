-- expect: alter-column-type 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ALTER COLUMN name TYPE varchar(10);

-- migrate:down
ALTER TABLE public.users ALTER COLUMN name TYPE varchar(20);
