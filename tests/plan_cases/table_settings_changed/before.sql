-- Table settings that have an ALTER form: a table becomes typed (OF) and another stops
-- being so (NOT OF); a foreign table's and its column's options are added, changed and
-- dropped; a table becomes unlogged (a rewrite that gate names).
CREATE TYPE public.point3 AS (x integer, y integer, z integer);
CREATE TABLE public.typed (x integer, y integer, z integer);
CREATE TABLE public.was_typed OF public.point3;
CREATE FOREIGN DATA WRAPPER plan_fdw;
CREATE SERVER plan_server FOREIGN DATA WRAPPER plan_fdw;
CREATE FOREIGN TABLE public.remote (
    id integer OPTIONS (column_name 'ident', kept 'same'),
    note text
) SERVER plan_server OPTIONS (table_name 'remote_t', fetch_size '100');
CREATE TABLE public.scratch (a integer);
-- Typed with columns it lacks: the column comes first, then OF (and back: NOT OF first).
CREATE TABLE public.typed2 (x integer, y integer);
