-- migrate:up
-- pgdrift:allow update-without-where the table has 12 rows, all of them need it
UPDATE public.users SET tier = 'basic';

-- migrate:down
SELECT 1;
