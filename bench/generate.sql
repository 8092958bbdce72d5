-- bench/generate.sql — a deterministic schema of :tables tables, for the benchmarks.
-- Usage: psql -v tables=1000 -f bench/generate.sql (into an empty database; the role
-- bench_reader must exist). Everything derives from the table number: the same N gives
-- the same schema, byte for byte.
--
-- Per table t_i: ~8 columns of assorted types, an identity primary key, 1-2 secondary
-- indexes (every 3rd partial, every 5th on an expression), a check constraint, comments,
-- a foreign key to the previous table on ~30% of tables; two schemas (every 10th table in
-- "billing"). Then N/10 views (every other one on the previous view), N/20 plpgsql
-- functions, N/20 triggers, N/20 sequences, an enum, a domain, a composite type, RLS
-- policies on every 25th table, and grants.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA app;
CREATE SCHEMA billing;
CREATE TYPE app.status AS ENUM ('new', 'active', 'closed');
CREATE DOMAIN app.positive_amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TYPE app.pair AS (a integer, b text);
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

SELECT set_config('bench.tables', :'tables', false) \gset
DO $generate$
DECLARE
  n integer := current_setting('bench.tables')::integer;
  s text;
  prev text;
BEGIN
  FOR i IN 1..n LOOP
    s := CASE WHEN i % 10 = 0 THEN 'billing' ELSE 'app' END;
    EXECUTE format($$CREATE TABLE %I.t_%s (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        code varchar(20),
        amount app.positive_amount DEFAULT 0,
        status app.status NOT NULL DEFAULT 'new',
        payload jsonb,
        ref_id bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz,
        CONSTRAINT t_%s_code_check CHECK (code IS NULL OR length(code) > 1))$$, s, i, i);
    EXECUTE format('CREATE INDEX t_%s_name ON %I.t_%s (name)', i, s, i);
    IF i % 3 = 0 THEN
      EXECUTE format($$CREATE INDEX t_%s_active ON %I.t_%s (created_at) WHERE status = 'active'$$, i, s, i);
    END IF;
    IF i % 5 = 0 THEN
      EXECUTE format('CREATE INDEX t_%s_code_lower ON %I.t_%s (lower(code))', i, s, i);
    END IF;
    IF i > 1 AND i % 10 IN (1, 2, 3) THEN
      EXECUTE format('ALTER TABLE %I.t_%s ADD CONSTRAINT t_%s_ref_fk FOREIGN KEY (ref_id) REFERENCES %s (id)',
                     s, i, i, prev);
    END IF;
    EXECUTE format('COMMENT ON TABLE %I.t_%s IS %L', s, i, 'table number ' || i);
    EXECUTE format('COMMENT ON COLUMN %I.t_%s.name IS %L', s, i, 'display name of ' || i);
    IF i % 25 = 0 THEN
      EXECUTE format('ALTER TABLE %I.t_%s ENABLE ROW LEVEL SECURITY', s, i);
      EXECUTE format($$CREATE POLICY t_%s_open ON %I.t_%s USING (status <> 'closed')$$, i, s, i);
    END IF;
    prev := format('%I.t_%s', s, i);
  END LOOP;
  FOR j IN 1..greatest(n / 10, 1) LOOP
    s := CASE WHEN j % 10 = 0 THEN 'billing' ELSE 'app' END;
    IF j % 2 = 0 THEN
      EXECUTE format('CREATE VIEW app.v_%s AS SELECT id, name FROM app.v_%s WHERE id > %s', j, j - 1, j);
    ELSE
      EXECUTE format($$CREATE VIEW app.v_%s AS SELECT id, name, amount FROM %I.t_%s WHERE status = 'active'$$,
                     j, s, j);
    END IF;
  END LOOP;
  FOR k IN 1..greatest(n / 20, 1) LOOP
    EXECUTE format($fmt$CREATE FUNCTION app.f_%s(x integer) RETURNS integer LANGUAGE plpgsql AS $f$
BEGIN
  RETURN x * %s + 1;
END
$f$$fmt$, k, k);
    s := CASE WHEN k % 10 = 0 THEN 'billing' ELSE 'app' END;
    EXECUTE format('CREATE TRIGGER t_%s_touch BEFORE UPDATE ON %I.t_%s FOR EACH ROW EXECUTE FUNCTION app.touch()',
                   k, s, k);
    EXECUTE format('CREATE SEQUENCE app.seq_%s START %s', k, k * 100);
  END LOOP;
END
$generate$;
GRANT USAGE ON SCHEMA app, billing TO bench_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO bench_reader;
