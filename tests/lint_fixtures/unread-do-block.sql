-- expect: unread-do-block 3
-- migrate:up
DO $$ BEGIN IF THEN END $$;

-- migrate:down
SELECT 1;
