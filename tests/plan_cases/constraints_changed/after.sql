CREATE TABLE public.parent (id integer PRIMARY KEY);
CREATE TABLE public.child (id integer PRIMARY KEY, parent_id integer REFERENCES public.parent (id) ON DELETE CASCADE, qty integer CONSTRAINT qty_positive CHECK (qty >= 0), UNIQUE (parent_id, qty));
