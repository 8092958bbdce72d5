-- bench/shapes/wide.sql — wide tables: max(N/50, 2) tables of 200, 400, 800 and 1,600
-- columns in turn (N = :tables; 10,000 gives 200 tables and 150,000 columns), four
-- columns in five with a default (0, false, now(), 0.0), an identity key, an index and a
-- column comment each. Deterministic: the same N gives the same schema.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA wide;
SELECT set_config('bench.tables', :'tables', false) \gset
DO $generate$
DECLARE
  n integer := greatest(current_setting('bench.tables')::integer / 50, 2);
  widths integer[] := ARRAY[200, 400, 800, 1600];
  cols text;
BEGIN
  FOR i IN 1..n LOOP
    SELECT string_agg(format('c_%s %s', c, CASE c % 5
             WHEN 0 THEN 'text'
             WHEN 1 THEN 'integer NOT NULL DEFAULT 0'
             WHEN 2 THEN 'boolean DEFAULT false'
             WHEN 3 THEN 'timestamptz DEFAULT now()'
             ELSE 'numeric(12,2) DEFAULT 0.0' END), ', ' ORDER BY c)
      INTO cols FROM generate_series(2, widths[1 + (i - 1) % 4]) c;
    EXECUTE format('CREATE TABLE wide.w_%s (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, %s)',
                   i, cols);
    EXECUTE format('CREATE INDEX w_%s_c_3 ON wide.w_%s (c_3)', i, i);
    EXECUTE format('COMMENT ON COLUMN wide.w_%s.c_2 IS %L', i, 'column two of ' || i);
  END LOOP;
END
$generate$;
