-- bench/shapes/partitions.sql — partition-heavy: max(N/10, 1) range-partitioned tables of
-- nine partitions each (N tables in all), with a primary key, an index and a default on
-- the parent that every partition inherits, and a comment on each parent.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA part;
SELECT set_config('bench.tables', :'tables', false) \gset
DO $generate$
DECLARE
  n integer := greatest(current_setting('bench.tables')::integer / 10, 1);
BEGIN
  FOR i IN 1..n LOOP
    EXECUTE format($$CREATE TABLE part.p_%s (
        id bigint NOT NULL,
        at date NOT NULL,
        kind text NOT NULL DEFAULT 'plain',
        amount numeric(12,2) DEFAULT 0,
        payload jsonb,
        PRIMARY KEY (id, at)) PARTITION BY RANGE (at)$$, i);
    EXECUTE format('CREATE INDEX p_%s_kind ON part.p_%s (kind, at)', i, i);
    EXECUTE format('COMMENT ON TABLE part.p_%s IS %L', i, 'partitioned table ' || i);
    FOR k IN 0..8 LOOP
      EXECUTE format('CREATE TABLE part.p_%s_%s PARTITION OF part.p_%s FOR VALUES FROM (%L) TO (%L)',
                     i, k, i, date '2020-01-01' + 40 * k, date '2020-01-01' + 40 * (k + 1));
    END LOOP;
  END LOOP;
END
$generate$;
