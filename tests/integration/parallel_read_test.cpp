// The catalog is read through two connections that share one snapshot (as pg_dump
// --jobs does): the second connection must see exactly what the first sees, with the
// same session settings, and the result must not depend on how many connections read it.
#include <catch2/catch.hpp>

#include "catalog/reader.h"
#include "model/json.h"
#include "pg/connection.h"
#include "pg/session.h"
#include "round_trip.h"

namespace pgdrift::test {
namespace {

pg::Connection connect(const TestCluster& cluster, const std::string& db) {
  pg::ConnectOptions options;
  options.conninfo = cluster.conninfo(db);
  return pg::Connection::open(options);
}

// A schema with a bit of every kind the reader splits across queries.
constexpr const char* kSchema = R"sql(
  CREATE SCHEMA app;
  CREATE TYPE app.mood AS ENUM ('ok', 'meh');
  CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
  CREATE SEQUENCE app.counter;
  CREATE TABLE app.account (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text COLLATE "C" NOT NULL UNIQUE,
    mood app.mood DEFAULT 'ok',
    score app.positive,
    total numeric GENERATED ALWAYS AS (score * 2) STORED,
    note text);
  ALTER TABLE app.account ALTER COLUMN note SET STORAGE EXTERNAL,
                          ALTER COLUMN note SET STATISTICS 500,
                          ALTER COLUMN note SET (n_distinct = 100);
  COMMENT ON COLUMN app.account.email IS 'login';
  GRANT SELECT (email) ON app.account TO PUBLIC;
  CREATE TABLE app.event (id integer, account_id bigint REFERENCES app.account,
                          at timestamptz) PARTITION BY RANGE (at);
  CREATE TABLE app.event_2026 PARTITION OF app.event
    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
  CREATE INDEX event_at ON app.event (at);
  CREATE VIEW app.recent AS SELECT id, at FROM app.event WHERE at > now() - interval '1 day';
  CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
  CREATE TRIGGER account_touch BEFORE UPDATE ON app.account
    FOR EACH ROW EXECUTE FUNCTION app.touch();
  ALTER TABLE app.account ENABLE ROW LEVEL SECURITY;
  CREATE POLICY own ON app.account USING (email = current_user);
)sql";

}  // namespace

TEST_CASE("a joined connection sees the first connection's snapshot and settings",
          "[snapshot][parallel]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("joined");
  cluster.exec(db, "CREATE TABLE public.early (id integer)");
  auto first = connect(cluster, db);
  pg::SessionOptions session;
  session.lock_timeout = "250ms";
  session.statement_timeout = "42s";
  pg::begin_read_snapshot(first, session);
  // Committed after the snapshot was taken: neither connection may see it.
  cluster.exec(db, "CREATE TABLE public.late (id integer)");
  std::string why_not;
  auto second = pg::join_read_snapshot(first, why_not);
  INFO(why_not);
  REQUIRE(second.has_value());
  const std::string tables =
      "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_catalog.pg_class "
      "WHERE relnamespace = 'public'::regnamespace";
  CHECK(first.exec(tables).text(0, 0) == "early");
  CHECK(second->exec(tables).text(0, 0) == "early");
  CHECK(cluster.query_value(db, tables) == "early,late");
  const std::string settings =
      "SELECT current_setting('lock_timeout') || ' ' || current_setting('statement_timeout') || "
      "' [' || current_setting('search_path') || '] ' || current_setting('jit') || ' ' || "
      "current_setting('transaction_read_only') || ' ' || "
      "current_setting('transaction_isolation')";
  CHECK(first.exec(settings).text(0, 0) == "250ms 42s [] off on repeatable read");
  CHECK(second->exec(settings).text(0, 0) == "250ms 42s [] off on repeatable read");
}

TEST_CASE("the catalog read through two connections equals the read through one",
          "[snapshot][parallel]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("jobs");
  cluster.exec(db, kSchema);
  auto read = [&](int connections) {
    auto conn = connect(cluster, db);
    pg::begin_read_snapshot(conn, {});
    catalog::ReadOptions options;
    options.connections = connections;
    NullLog quiet;
    return model::catalog_to_json(catalog::read_catalog(conn, options, quiet));
  };
  const std::string one = read(1);
  CHECK(one.find("\"n_distinct=100\"") != std::string::npos);
  CHECK(one.find("\"login\"") != std::string::npos);
  CHECK(read(2) == one);
  CHECK(read(4) == one);
  // And the command line: --jobs 1 and the default give the same bytes.
  const auto single = run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "--jobs", "1"});
  const auto parallel = run_pgdrift({"snapshot", "--url", cluster.conninfo(db)});
  REQUIRE(single.exit_code == 0);
  REQUIRE(parallel.exit_code == 0);
  CHECK(single.out == parallel.out);
  CHECK(parallel.out.find("CREATE TABLE app.account") != std::string::npos);
}

TEST_CASE("a role allowed one connection reads through one, and says so with -v",
          "[snapshot][parallel][safety]") {
  auto& cluster = TestCluster::shared();
  ensure_role(cluster, "pgdrift_one_connection", "LOGIN CONNECTION LIMIT 1");
  const std::string db = cluster.create_database("onlyone");
  cluster.exec(db, kSchema);
  const auto as_superuser = run_pgdrift({"snapshot", "--url", cluster.conninfo(db)});
  const auto limited =
      run_pgdrift({"-v", "snapshot", "--url", cluster.conninfo(db, "pgdrift_one_connection")});
  INFO(limited.err);
  REQUIRE(as_superuser.exit_code == 0);
  REQUIRE(limited.exit_code == 0);
  CHECK(limited.out == as_superuser.out);
  CHECK(limited.err.find("reading the catalog through 1 connection") != std::string::npos);
  CHECK(limited.err.find("too many connections") != std::string::npos);
}

TEST_CASE("--jobs outside 1 to 8 is a usage error", "[snapshot][parallel][bad-input][workflow]") {
  const auto r = run_pgdrift({"snapshot", "--jobs", "0"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--jobs") != std::string::npos);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("diff of two databases shares --jobs between them", "[diff][parallel]") {
  auto& cluster = TestCluster::shared();
  // Two connections at most for this role: two per database would be refused.
  ensure_role(cluster, "pgdrift_two_connections", "LOGIN CONNECTION LIMIT 2");
  const std::string a = cluster.create_database("share_a");
  const std::string b = cluster.create_database("share_b");
  cluster.exec(a, "CREATE TABLE public.t (id integer)");
  cluster.exec(b, "CREATE TABLE public.t (id integer, note text)");
  const auto r = run_pgdrift({"-v", "diff", cluster.conninfo(a, "pgdrift_two_connections"),
                              cluster.conninfo(b, "pgdrift_two_connections")});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("column public.t.note added") != std::string::npos);
  CHECK(r.err.find("too many connections") == std::string::npos);
}

}  // namespace pgdrift::test
