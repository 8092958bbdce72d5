-- bench/shapes/widest.sql — one table of 1,600 columns (PostgreSQL's limit), each with a
-- default (0, false, now(), 0.0, ''), whatever N is: the case where a deparser that builds
-- its table's context per column turns quadratic.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA wide;
DO $generate$
DECLARE
  cols text;
BEGIN
  SELECT string_agg(format('c_%s %s', c, CASE c % 5
           WHEN 0 THEN 'text DEFAULT '''''
           WHEN 1 THEN 'integer NOT NULL DEFAULT 0'
           WHEN 2 THEN 'boolean DEFAULT false'
           WHEN 3 THEN 'timestamptz DEFAULT now()'
           ELSE 'numeric(12,2) DEFAULT 0.0' END), ', ' ORDER BY c)
    INTO cols FROM generate_series(1, 1600) c;
  EXECUTE format('CREATE TABLE wide.widest (%s)', cols);
END
$generate$;
