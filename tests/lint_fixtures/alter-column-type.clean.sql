-- migrate:up
SET lock_timeout = '5s';
-- varchar(20) to varchar(50) needs no rewrite
ALTER TABLE public.users ALTER COLUMN name TYPE varchar(50);

-- migrate:down
ALTER TABLE public.users ALTER COLUMN name TYPE varchar(20);
