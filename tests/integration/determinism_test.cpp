// The same schema built in a different order (so with different OIDs, attribute numbers
// and catalog row order) snapshots byte for byte the same.
#include <catch2/catch.hpp>

#include "round_trip.h"

namespace pgdrift::test {

TEST_CASE("creation order does not change the snapshot", "[snapshot][determinism]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_reader", "pgdrift_writer"});
  const std::string first = cluster.create_database("order_a");
  cluster.exec(first, R"sql(
    CREATE SCHEMA shop;
    CREATE TYPE shop.status AS ENUM ('new', 'paid');
    CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL);
    CREATE TABLE shop.orders (id integer PRIMARY KEY, customer_id integer REFERENCES shop.customers,
                              status shop.status DEFAULT 'new', note text);
    CREATE INDEX orders_customer ON shop.orders (customer_id);
    CREATE VIEW shop.open_orders AS SELECT id, customer_id FROM shop.orders WHERE status = 'new';
    CREATE FUNCTION shop.order_count(c integer) RETURNS bigint LANGUAGE sql
      AS $$ SELECT count(*) FROM shop.orders WHERE customer_id = c $$;
    GRANT SELECT ON shop.orders TO pgdrift_reader;
    GRANT INSERT ON shop.orders TO pgdrift_writer;
    COMMENT ON TABLE shop.orders IS 'orders';
  )sql");
  // Same schema, other order: later objects first, constraints added afterwards, a
  // dropped column and a dropped table to shift attribute numbers and OIDs.
  const std::string second = cluster.create_database("order_b");
  cluster.exec(second, R"sql(
    CREATE TABLE public.filler (x integer);
    CREATE SCHEMA shop;
    CREATE FUNCTION shop.order_count(c integer) RETURNS bigint LANGUAGE sql
      AS $$ SELECT 0::bigint $$;
    CREATE TYPE shop.status AS ENUM ('new', 'paid');
    CREATE TABLE shop.orders (gone integer, id integer NOT NULL, customer_id integer,
                              status shop.status DEFAULT 'new', note text);
    ALTER TABLE shop.orders DROP COLUMN gone;
    CREATE TABLE shop.customers (id integer NOT NULL, name text NOT NULL);
    ALTER TABLE shop.customers ADD PRIMARY KEY (id);
    ALTER TABLE shop.orders ADD PRIMARY KEY (id);
    ALTER TABLE shop.orders ADD FOREIGN KEY (customer_id) REFERENCES shop.customers;
    CREATE VIEW shop.open_orders AS SELECT id, customer_id FROM shop.orders WHERE status = 'new';
    CREATE INDEX orders_customer ON shop.orders (customer_id);
    CREATE OR REPLACE FUNCTION shop.order_count(c integer) RETURNS bigint LANGUAGE sql
      AS $$ SELECT count(*) FROM shop.orders WHERE customer_id = c $$;
    COMMENT ON TABLE shop.orders IS 'orders';
    GRANT SELECT ON shop.orders TO pgdrift_reader;
    GRANT INSERT ON shop.orders TO pgdrift_writer;
    DROP TABLE public.filler;
  )sql");
  const std::string a = snapshot_sql(cluster, first);
  const std::string b = snapshot_sql(cluster, second);
  INFO(first_difference(a, b));
  CHECK(a == b);
  // And reading the same database twice gives the same bytes.
  CHECK(snapshot_sql(cluster, first) == a);
}

TEST_CASE("the snapshot has no version, time or psql noise", "[snapshot][determinism]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("noise");
  cluster.exec(db, "CREATE TABLE public.t (id integer)");
  const std::string sql = snapshot_sql(cluster, db);
  CHECK(sql.find("\\") == std::string::npos);  // no psql meta-commands (\restrict, \connect)
  const std::string version = cluster.query_value(db, "SHOW server_version");
  CHECK(sql.find(version) == std::string::npos);
  CHECK(sql.find("Dumped") == std::string::npos);
  // Server-managed column options (PostgreSQL 15.20 stamps pg_attver=<n> on every
  // column, different in every database) are not schema.
  CHECK(sql.find("pg_attver") == std::string::npos);
}

}  // namespace pgdrift::test
