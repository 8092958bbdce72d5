-- expect: delete-without-where 3
-- migrate:up
DELETE FROM public.sessions;

-- migrate:down
SELECT 1;
