CREATE TABLE public.customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customer (id),
    placed_at timestamptz NOT NULL DEFAULT now(),
    note text
);
CREATE INDEX orders_customer ON public.orders (customer_id);
COMMENT ON TABLE public.orders IS 'one row per order';
GRANT SELECT ON public.orders TO plan_reader;
