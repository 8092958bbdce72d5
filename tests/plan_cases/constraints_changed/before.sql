CREATE TABLE public.parent (id integer PRIMARY KEY);
CREATE TABLE public.child (id integer PRIMARY KEY, parent_id integer, qty integer CONSTRAINT qty_positive CHECK (qty > 0));
