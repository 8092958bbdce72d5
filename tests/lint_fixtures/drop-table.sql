-- expect: drop-table 4
-- migrate:up
SET lock_timeout = '5s';
DROP TABLE public.old_events;

-- migrate:down
CREATE TABLE public.old_events (id integer);
