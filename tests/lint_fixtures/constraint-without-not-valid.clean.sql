-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE public.users ADD CONSTRAINT users_team_fk
  FOREIGN KEY (team_id) REFERENCES public.teams (id) NOT VALID;

-- migrate:down
ALTER TABLE public.users DROP CONSTRAINT users_team_fk;
