-- migrate:up
SET lock_timeout = '5s';
-- checked_col already has a validated CHECK (checked_col IS NOT NULL)
ALTER TABLE public.users ALTER COLUMN checked_col SET NOT NULL;

-- migrate:down
ALTER TABLE public.users ALTER COLUMN checked_col DROP NOT NULL;
