-- migrate:up
DO $$ BEGIN RAISE NOTICE 'read'; END $$;

-- migrate:down
SELECT 1;
