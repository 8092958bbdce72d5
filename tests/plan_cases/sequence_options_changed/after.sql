CREATE SEQUENCE public.ticket_seq AS bigint START 100 INCREMENT 5 CACHE 10;
CREATE TABLE public.ticket (id integer PRIMARY KEY DEFAULT nextval('public.ticket_seq'));
ALTER SEQUENCE public.ticket_seq OWNED BY public.ticket.id;
