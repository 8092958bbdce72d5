CREATE TYPE public.status AS ENUM ('new', 'started', 'done');
CREATE TABLE public.task (id integer PRIMARY KEY, status public.status NOT NULL DEFAULT 'started',
    CONSTRAINT task_not_started CHECK (status <> 'started' OR id > 0));
