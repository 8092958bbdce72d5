-- expect: parse-error 3
-- migrate:up
CREATE TABEL public.t (id integer);

-- migrate:down
SELECT 1;
