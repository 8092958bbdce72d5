// Tables, partitioned tables, materialized views, indexes and the indexes of
// constraints placed in a tablespace: they round-trip (the tablespace set around the
// statement, as pg_dump does), a move is a finding of `diff` and `check`, and check's
// throwaway shadow creates the live server's tablespaces so such a history replays.
#include <catch2/catch.hpp>

#include "check_fixture.h"
#include "round_trip.h"

namespace pgdrift::test {
namespace {

// A name that needs quoting, to show it is quoted wherever it is written.
constexpr const char* kSpace = "pgdrift Space";

constexpr const char* kPlaced = R"sql(
CREATE SCHEMA store;
CREATE TABLE store.items (
  id integer PRIMARY KEY USING INDEX TABLESPACE "pgdrift Space",
  name text UNIQUE,
  at date
) TABLESPACE "pgdrift Space";
CREATE INDEX items_at ON store.items (at) TABLESPACE "pgdrift Space";
CREATE TABLE store.events (at date NOT NULL) PARTITION BY RANGE (at) TABLESPACE "pgdrift Space";
CREATE TABLE store.events_2020 PARTITION OF store.events
  FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE store.events_2021 PARTITION OF store.events
  FOR VALUES FROM ('2021-01-01') TO ('2022-01-01') TABLESPACE pg_default;
CREATE MATERIALIZED VIEW store.item_names TABLESPACE "pgdrift Space" AS
  SELECT name FROM store.items;
)sql";

constexpr const char* kMoves = R"sql(
ALTER TABLE store.items SET TABLESPACE pg_default;
ALTER INDEX store.items_at SET TABLESPACE pg_default;
ALTER INDEX store.items_name_key SET TABLESPACE "pgdrift Space";
ALTER MATERIALIZED VIEW store.item_names SET TABLESPACE pg_default;
)sql";

const std::set<std::string> kMoveFindings{
    "table store.items changed: tablespace",
    "index store.items.items_at changed: tablespace",
    "constraint store.items.items_name_key changed: index_tablespace",
    "materialized_view store.item_names changed: tablespace",
};

}  // namespace

TEST_CASE("objects placed in a tablespace round-trip", "[snapshot][kinds][tablespace]") {
  auto& cluster = TestCluster::shared();
  cluster.create_tablespace(kSpace);
  const std::string db = cluster.create_database("placed");
  cluster.exec(db, kPlaced);

  const auto catalog = read_catalog(cluster, db);
  for (const auto& item : catalog.unsupported) INFO(item.kind << " " << item.name);
  CHECK(catalog.unsupported.empty());
  const std::string sql = require_round_trip(cluster, db);
  const std::string set = "SET default_tablespace = \"pgdrift Space\";\n";
  const std::string reset = "SET default_tablespace = '';\n";
  CHECK_THAT(sql, Catch::Contains(set + "CREATE TABLE store.items ("));
  CHECK_THAT(sql, Catch::Contains(set + "CREATE TABLE store.events ("));
  CHECK_THAT(sql, Catch::Contains(set + "CREATE MATERIALIZED VIEW store.item_names AS"));
  CHECK_THAT(sql, Catch::Contains(set + "CREATE INDEX items_at ON store.items USING btree (at);\n" +
                                  reset));
  CHECK_THAT(sql, Catch::Contains(set +
                                  "ALTER TABLE ONLY store.items\n    ADD CONSTRAINT "
                                  "items_pkey PRIMARY KEY (id);\n" +
                                  reset));
  // The partition that took the parent's tablespace says so; the other one is in the
  // default.
  CHECK_THAT(sql, Catch::Contains(set + "CREATE TABLE store.events_2020 ("));
  CHECK_THAT(sql, !Catch::Contains(set + "CREATE TABLE store.events_2021 ("));
  CHECK_THAT(sql, Catch::Contains("ADD CONSTRAINT items_name_key UNIQUE (name);"));
  CHECK_THAT(sql, !Catch::Contains(set + "ALTER TABLE ONLY store.items\n    ADD CONSTRAINT "
                                         "items_name_key"));
}

TEST_CASE("moving an object to another tablespace is a finding of diff and check",
          "[diff][check][tablespace]") {
  auto& cluster = TestCluster::shared();
  cluster.create_tablespace(kSpace);
  const std::string before = cluster.create_database("placed_a");
  cluster.exec(before, kPlaced);
  const std::string after = cluster.create_database("placed_b");
  cluster.exec(after, kPlaced);
  cluster.exec(after, kMoves);
  const auto drift =
      run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after), "--format", "json"});
  INFO(drift.out << drift.err);
  REQUIRE(drift.exit_code == 1);
  CHECK(finding_set(drift.out) == kMoveFindings);

  // The throwaway shadow has no such tablespace until check makes it.
  CheckedDatabase app(cluster, "check_placed", kPlaced);
  const auto clean = app.check();
  INFO(clean.out << clean.err);
  REQUIRE(clean.exit_code == 0);
  cluster.exec(app.db, kMoves);
  const auto result = app.check({"--format", "json", "--no-cache"});
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  CHECK(finding_set(result.out) == kMoveFindings);
}

}  // namespace pgdrift::test
