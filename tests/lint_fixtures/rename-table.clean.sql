-- migrate:up
CREATE TABLE public.people_new (id integer);
ALTER TABLE public.people_new RENAME TO people;

-- migrate:down
DROP TABLE public.people;
