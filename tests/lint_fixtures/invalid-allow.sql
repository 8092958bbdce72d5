-- expect: invalid-allow 3
-- migrate:up
-- pgdrift:allow no-such-rule it is fine, trust me
UPDATE public.users SET tier = 'basic' WHERE tier IS NULL;

-- migrate:down
SELECT 1;
