-- bench/shapes/tenants.sql — schema per tenant: max(N/20, 1) schemas holding the same 20
-- tables each (N tables in all): keys, a foreign key chain, an index, defaults, a view and
-- a grant per schema, as Rails apartment or django-tenants make them.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SELECT set_config('bench.tables', :'tables', false) \gset
DO $generate$
DECLARE
  n integer := greatest(current_setting('bench.tables')::integer / 20, 1);
  s text;
BEGIN
  FOR t IN 1..n LOOP
    s := 'tenant_' || t;
    EXECUTE format('CREATE SCHEMA %I', s);
    FOR i IN 1..20 LOOP
      EXECUTE format($$CREATE TABLE %I.e_%s (
          id bigserial PRIMARY KEY,
          name text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          archived boolean NOT NULL DEFAULT false,
          amount numeric(12,2),
          prev_id bigint %s)$$,
        s, i, CASE WHEN i > 1 THEN format('REFERENCES %I.e_%s (id)', s, i - 1) ELSE '' END);
      EXECUTE format('CREATE INDEX e_%s_name ON %I.e_%s (name)', i, s, i);
    END LOOP;
    EXECUTE format('CREATE VIEW %I.active_e_1 AS SELECT id, name FROM %I.e_1 WHERE NOT archived', s, s);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO bench_reader', s);
  END LOOP;
END
$generate$;
