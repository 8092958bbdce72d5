-- expect: invalid-utf8 3
-- migrate:up
INSERT INTO public.t VALUES ('café');

-- migrate:down
SELECT 1;
