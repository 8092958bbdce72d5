-- bench/drift.sql — about 20 ghost changes on a database made by generate.sql (N >= 127):
-- what a team does by hand over a few weeks. Applied to the "drifted" twin.
-- Each change is preceded by the finding pgdrift must report for it ("-- expect:") and
-- a case-insensitive regular expression that migra's output matches when migra saw
-- the change ("| migra:"); bench/run.sh checks both.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- expect: column app.t_1.knowledge_extracted_at added | migra: add column "knowledge_extracted_at"
ALTER TABLE app.t_1 ADD COLUMN knowledge_extracted_at timestamptz;
-- expect: column app.t_2.notes added | migra: "t_2" add column "notes"
ALTER TABLE app.t_2 ADD COLUMN notes text;
-- expect: column app.t_3.code changed | migra: "t_3" alter column "code" set data type
ALTER TABLE app.t_3 ALTER COLUMN code TYPE varchar(40);
-- expect: column app.t_4.name changed | migra: "t_4" alter column "name" drop not null
ALTER TABLE app.t_4 ALTER COLUMN name DROP NOT NULL;
-- expect: column app.t_5.status changed | migra: "t_5" alter column "status" set default 'active'
ALTER TABLE app.t_5 ALTER COLUMN status SET DEFAULT 'active';
-- expect: index app.t_6.t_6_payload added | migra: create index t_6_payload
CREATE INDEX t_6_payload ON app.t_6 USING gin (payload);
-- expect: index app.t_7.t_7_name removed | migra: drop index if exists "app"."t_7_name"
DROP INDEX app.t_7_name;
-- expect: table app.ghost_import added | migra: create table "app"."ghost_import"
CREATE TABLE app.ghost_import (id integer PRIMARY KEY, raw text);
-- expect: view app.v_12 removed | migra: drop view if exists "app"."v_12"
DROP VIEW app.v_12;
-- expect: function app.f_1(integer) changed | migra: return x \* 2
CREATE OR REPLACE FUNCTION app.f_1(x integer) RETURNS integer LANGUAGE plpgsql AS $f$
BEGIN
  RETURN x * 2;
END
$f$;
-- expect: function app.f_1(integer, integer) added | migra: function app.f_1\(x integer, y integer\)
CREATE FUNCTION app.f_1(x integer, y integer) RETURNS integer LANGUAGE sql AS 'SELECT x + y';
-- expect: view app.v_3 changed | migra: status = 'closed'
CREATE OR REPLACE VIEW app.v_3 AS SELECT id, name, amount FROM app.t_3 WHERE status = 'closed';
-- expect: trigger app.t_8.ghost_touch added | migra: create trigger ghost_touch
CREATE TRIGGER ghost_touch BEFORE UPDATE ON app.t_8 FOR EACH ROW EXECUTE FUNCTION app.touch();
-- expect: trigger app.t_1.t_1_touch changed | migra: disable trigger "t_1_touch"
ALTER TABLE app.t_1 DISABLE TRIGGER t_1_touch;
-- expect: table app.t_9 changed | migra: "t_9" enable row level security
ALTER TABLE app.t_9 ENABLE ROW LEVEL SECURITY;
-- expect: policy app.t_9.t_9_mine added | migra: create policy "t_9_mine"
CREATE POLICY t_9_mine ON app.t_9 USING (true);
-- expect: type app.status changed | migra: 'archived'
ALTER TYPE app.status ADD VALUE 'archived';
-- expect: constraint app.t_11.t_11_code_check removed | migra: drop constraint "t_11_code_check"
ALTER TABLE app.t_11 DROP CONSTRAINT t_11_code_check;
-- expect: constraint app.t_13.t_13_name_len added | migra: add constraint "t_13_name_len"
ALTER TABLE app.t_13 ADD CONSTRAINT t_13_name_len CHECK (length(name) < 200) NOT VALID;
-- expect: table app.t_14 changed | migra: comment on table "app"."t_14"
COMMENT ON TABLE app.t_14 IS 'changed by hand';
-- expect: table app.t_15 changed | migra: grant insert on table "app"."t_15"
GRANT INSERT ON app.t_15 TO bench_reader;
-- expect: sequence app.ghost_seq added | migra: create sequence "app"."ghost_seq"
CREATE SEQUENCE app.ghost_seq;
