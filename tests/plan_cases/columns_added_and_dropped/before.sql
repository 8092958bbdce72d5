CREATE TABLE public.item (id integer PRIMARY KEY, price numeric(10,2), legacy_code text);
CREATE INDEX item_legacy ON public.item (legacy_code);
