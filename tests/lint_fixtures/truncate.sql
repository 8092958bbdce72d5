-- expect: truncate 4
-- migrate:up
SET lock_timeout = '5s';
TRUNCATE public.sessions;

-- migrate:down
SELECT 1;
