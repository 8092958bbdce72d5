CREATE TABLE public.feed (id integer NOT NULL, body text);
CREATE UNIQUE INDEX feed_id ON public.feed (id);
ALTER TABLE public.feed REPLICA IDENTITY USING INDEX feed_id;
