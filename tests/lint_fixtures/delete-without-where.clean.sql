-- migrate:up
DELETE FROM public.sessions WHERE expires_at < now();

-- migrate:down
SELECT 1;
