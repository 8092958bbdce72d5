-- An exclusion constraint added to a table that stays: PostgreSQL has no online form for
-- it, so the plan names the long lock (gate's add-exclusion-constraint), and the way
-- back drops it.
CREATE TABLE public.booking (id integer PRIMARY KEY, during tstzrange NOT NULL);
