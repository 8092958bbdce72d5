-- A label is removed from an enum that columns, an array column, defaults, a check, a
-- partial index, a function's signature, a view and a partitioned table use.
CREATE SCHEMA "Shop";
CREATE TYPE "Shop"."Order state" AS ENUM ('new', 'paid', 'legacy', 'shipped');
CREATE TABLE "Shop".orders (
    id integer PRIMARY KEY,
    state "Shop"."Order state" NOT NULL DEFAULT 'new',
    history "Shop"."Order state"[] DEFAULT '{new}',
    CONSTRAINT orders_not_legacy CHECK (state <> 'legacy')
);
CREATE INDEX orders_open ON "Shop".orders (id) WHERE state = 'new';
CREATE INDEX orders_state ON "Shop".orders (state);
CREATE FUNCTION "Shop".is_final(s "Shop"."Order state") RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT s = 'shipped' $$;
CREATE VIEW "Shop".open_orders AS
    SELECT id, state FROM "Shop".orders WHERE NOT "Shop".is_final(state);
COMMENT ON VIEW "Shop".open_orders IS 'orders not yet shipped';
CREATE TABLE "Shop".events (at date NOT NULL, state "Shop"."Order state")
    PARTITION BY RANGE (at);
CREATE TABLE "Shop".events_2026 PARTITION OF "Shop".events
    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE "Shop".archive (id integer, state "Shop"."Order state");
CREATE TABLE "Shop".archive_2025 (state "Shop"."Order state" DEFAULT 'paid', note text)
    INHERITS ("Shop".archive);
INSERT INTO "Shop".orders VALUES (1, 'paid', '{new,paid}'), (2, 'shipped', NULL);
INSERT INTO "Shop".events VALUES ('2026-03-01', 'paid');
