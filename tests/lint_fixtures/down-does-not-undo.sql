-- expect: down-does-not-undo 5
-- migrate:up
CREATE TABLE public.t (id integer);

-- migrate:down
SELECT 1;
