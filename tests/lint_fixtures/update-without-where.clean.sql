-- migrate:up
UPDATE public.users SET tier = 'basic' WHERE tier IS NULL;

-- migrate:down
SELECT 1;
