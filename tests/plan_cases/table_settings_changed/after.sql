CREATE TYPE public.point3 AS (x integer, y integer, z integer);
CREATE TABLE public.typed OF public.point3;
CREATE TABLE public.was_typed (x integer, y integer, z integer);
CREATE FOREIGN DATA WRAPPER plan_fdw;
CREATE SERVER plan_server FOREIGN DATA WRAPPER plan_fdw;
CREATE FOREIGN TABLE public.remote (
    id integer OPTIONS (column_name 'id2', kept 'same'),
    note text OPTIONS (column_name 'remark')
) SERVER plan_server OPTIONS (table_name 'remote_t2', schema_name 'far');
CREATE UNLOGGED TABLE public.scratch (a integer);
CREATE TABLE public.typed2 OF public.point3;
