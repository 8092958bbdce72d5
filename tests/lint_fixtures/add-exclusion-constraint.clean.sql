-- migrate:up
-- A table created in the same section has no rows to check.
CREATE TABLE public.booking2 (room integer, during tstzrange);
ALTER TABLE public.booking2 ADD CONSTRAINT booking2_no_overlap EXCLUDE USING gist (during WITH &&);

-- migrate:down
DROP TABLE public.booking2;
