-- migrate:up
INSERT INTO public.t VALUES ('café');

-- migrate:down
SELECT 1;
