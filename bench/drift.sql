-- bench/drift.sql — about 20 ghost changes on a database made by generate.sql (N >= 127):
-- what a team does by hand over a few weeks. Applied to the "drifted" twin.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
ALTER TABLE app.t_1 ADD COLUMN knowledge_extracted_at timestamptz;
ALTER TABLE app.t_2 ADD COLUMN notes text;
ALTER TABLE app.t_3 ALTER COLUMN code TYPE varchar(40);
ALTER TABLE app.t_4 ALTER COLUMN name DROP NOT NULL;
ALTER TABLE app.t_5 ALTER COLUMN status SET DEFAULT 'active';
CREATE INDEX t_6_payload ON app.t_6 USING gin (payload);
DROP INDEX app.t_7_name;
CREATE TABLE app.ghost_import (id integer PRIMARY KEY, raw text);
DROP VIEW app.v_12;
CREATE OR REPLACE FUNCTION app.f_1(x integer) RETURNS integer LANGUAGE plpgsql AS $f$
BEGIN
  RETURN x * 2;
END
$f$;
CREATE FUNCTION app.f_1(x integer, y integer) RETURNS integer LANGUAGE sql AS 'SELECT x + y';
CREATE OR REPLACE VIEW app.v_3 AS SELECT id, name, amount FROM app.t_3 WHERE status = 'closed';
CREATE TRIGGER ghost_touch BEFORE UPDATE ON app.t_8 FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.t_1 DISABLE TRIGGER t_1_touch;
ALTER TABLE app.t_9 ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_9_mine ON app.t_9 USING (true);
ALTER TYPE app.status ADD VALUE 'archived';
ALTER TABLE app.t_11 DROP CONSTRAINT t_11_code_check;
ALTER TABLE app.t_13 ADD CONSTRAINT t_13_name_len CHECK (length(name) < 200) NOT VALID;
COMMENT ON TABLE app.t_14 IS 'changed by hand';
GRANT INSERT ON app.t_15 TO bench_reader;
CREATE SEQUENCE app.ghost_seq;
