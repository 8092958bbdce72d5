CREATE TABLE public.event (id integer NOT NULL CONSTRAINT event_id_key UNIQUE, payload text);
ALTER TABLE public.event REPLICA IDENTITY USING INDEX event_id_key;
