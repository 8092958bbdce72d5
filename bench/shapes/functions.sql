-- bench/shapes/functions.sql — function-heavy: N/2 functions (SQL and PL/pgSQL in turn,
-- with comments), max(N/10, 1) small tables, and N/5 views, each chain of five starting on
-- a table and calling a function, each next view over the previous one.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA fn;
SELECT set_config('bench.tables', :'tables', false) \gset
DO $generate$
DECLARE
  n integer := current_setting('bench.tables')::integer;
  tables integer := greatest(n / 10, 1);
BEGIN
  FOR i IN 1..tables LOOP
    EXECUTE format('CREATE TABLE fn.t_%s (id integer PRIMARY KEY, v integer NOT NULL DEFAULT 0, s text)', i);
  END LOOP;
  FOR k IN 1..greatest(n / 2, 1) LOOP
    IF k % 2 = 0 THEN
      EXECUTE format($fmt$CREATE FUNCTION fn.f_%s(x integer) RETURNS integer LANGUAGE sql IMMUTABLE
        AS $f$ SELECT x * %s + 1 $f$$fmt$, k, k);
    ELSE
      EXECUTE format($fmt$CREATE FUNCTION fn.f_%s(x integer, label text DEFAULT 'x') RETURNS text
        LANGUAGE plpgsql STABLE AS $f$
BEGIN
  IF x > %s THEN
    RETURN label || ':' || (x - %s);
  END IF;
  RETURN label;
END
$f$$fmt$, k, k, k);
    END IF;
    EXECUTE format('COMMENT ON FUNCTION fn.f_%s IS %L', k, 'function number ' || k);
  END LOOP;
  FOR j IN 1..greatest(n / 5, 1) LOOP
    IF j % 5 = 1 THEN
      EXECUTE format('CREATE VIEW fn.v_%s AS SELECT id, fn.f_%s(v) AS f, s FROM fn.t_%s',
                     j, 2 * (1 + j % greatest(n / 4, 1)), 1 + j % tables);
    ELSE
      EXECUTE format('CREATE VIEW fn.v_%s AS SELECT id, f + 1 AS f, s FROM fn.v_%s WHERE id > %s',
                     j, j - 1, j);
    END IF;
  END LOOP;
END
$generate$;
