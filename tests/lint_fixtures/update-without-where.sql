-- expect: update-without-where 3
-- migrate:up
UPDATE public.users SET tier = 'basic';

-- migrate:down
SELECT 1;
