CREATE TABLE public.item (id integer PRIMARY KEY, price numeric(10,2), sku text DEFAULT 'none'::text NOT NULL, weight real);
COMMENT ON COLUMN public.item.weight IS 'kilograms';
