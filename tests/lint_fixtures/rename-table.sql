-- expect: rename-table 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users RENAME TO people;

-- migrate:down
ALTER TABLE public.people RENAME TO users;
