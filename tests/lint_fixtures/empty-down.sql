-- expect: empty-down 5
-- migrate:up
CREATE TABLE public.t (id integer);

-- migrate:down
-- nothing to undo?
