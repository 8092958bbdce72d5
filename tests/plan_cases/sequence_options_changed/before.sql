CREATE SEQUENCE public.ticket_seq START 1 INCREMENT 1;
CREATE TABLE public.ticket (id integer PRIMARY KEY DEFAULT nextval('public.ticket_seq'));
