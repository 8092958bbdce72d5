-- expect: add-exclusion-constraint 4
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);

-- migrate:down
ALTER TABLE public.booking DROP CONSTRAINT booking_no_overlap;
