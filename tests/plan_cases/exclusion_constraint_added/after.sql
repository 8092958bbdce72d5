CREATE TABLE public.booking (id integer PRIMARY KEY, during tstzrange NOT NULL);
ALTER TABLE public.booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&);
