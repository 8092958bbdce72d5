CREATE TYPE public.status AS ENUM ('new', 'started', 'blocked', 'done', 'archived');
CREATE TABLE public.task (id integer PRIMARY KEY, status public.status NOT NULL DEFAULT 'new');
