// Which PostgreSQL majors pgdrift reads. The whole integration suite runs once per
// supported major (ctest's integration-pgNN entries); this file holds what is about the
// version itself: a server of an unsupported major is refused by every command that
// talks to it, in one sentence and with exit code 2, and nothing is written; and
// `check --shadow auto` starts its shadow from binaries of the live server's major.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "check_fixture.h"
#include "round_trip.h"

namespace pgdrift::test {

TEST_CASE("a PostgreSQL 11 server is refused in one sentence by every command",
          "[versions][bad-input]") {
  const char* bindir = std::getenv("PGDRIFT_TEST_UNSUPPORTED_PG_BIN");
  if (!bindir || !*bindir) {
    // ctest sets it (tests/integration/CMakeLists.txt); a bare run of the binary may not.
    WARN("PGDRIFT_TEST_UNSUPPORTED_PG_BIN is not set: no PostgreSQL 11 to refuse");
    return;
  }
  TestCluster old(bindir);
  REQUIRE(old.server_major() == 11);
  const std::string db = old.create_database("old");
  old.exec(db, "CREATE TABLE public.t (id integer PRIMARY KEY)");
  const std::string url = old.conninfo(db);
  const std::string expected = "runs PostgreSQL 11, and pgdrift supports PostgreSQL 12 to 18";
  TempDir dir;
  const std::string out = dir.path + "/snapshot.sql";
  check_trouble(run_pgdrift({"snapshot", "--url", url, "-o", out}), expected);
  CHECK_FALSE(std::filesystem::exists(out));
  check_trouble(run_pgdrift({"diff", url, url}), expected);
  check_trouble(run_pgdrift({"baseline", "--url", url, "--migrations-dir", dir.migrations()}),
                expected);
  CHECK_FALSE(std::filesystem::exists(dir.migrations()));
  CHECK(old.query_value(db, "SELECT count(*) FROM pg_class WHERE relname = 'schema_migrations'") ==
        "0");
  check_trouble(run_pgdrift({"check", "--url", url, "--migrations-dir", dir.migrations(), "--store",
                             "", "--report-dir", ""}),
                expected);
  check_trouble(
      run_pgdrift({"gate", "--url", url, "--migrations-dir", dir.migrations(), "--store", ""}),
      expected);
}

// The shadow must run the live server's major: catalogs and deparse differ between
// majors. With the binaries of every major listed in PGDRIFT_PG_BIN (as ctest's matrix
// entries do), `check -v` names the directory it took, which must be this major's.
TEST_CASE("check --shadow auto takes the binaries of the live server's major", "[versions]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "shadow_major");
  const auto result =
      run_pgdrift({"-v", "check", "--url", cluster.conninfo(app.db), "--migrations-dir",
                   app.dir.migrations(), "--store", "", "--report-dir", ""});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  const std::string major = std::to_string(cluster.server_major());
  const auto at = result.err.find("shadow: PostgreSQL " + major + " binaries in ");
  REQUIRE(at != std::string::npos);
  const std::string line = result.err.substr(at, result.err.find('\n', at) - at);
  if (cluster.bindir() != pg_client_bindir()) {
    // A matrix run: the shadow's binaries are the very ones the test server runs.
    CHECK(line.find(cluster.bindir()) != std::string::npos);
  }
}

}  // namespace pgdrift::test

namespace pgdrift::test {

// PostgreSQL 18 keeps NOT NULL as constraints of their own: named, NO INHERIT, NOT VALID,
// commented. A snapshot must keep all of it (a plain NOT NULL would lose the names and
// validate on replay what the original left unvalidated), and a change to it is drift.
TEST_CASE("PostgreSQL 18's NOT NULL constraints keep their names, NO INHERIT and NOT VALID",
          "[versions][snapshot]") {
  auto& cluster = TestCluster::shared();
  if (cluster.server_major() < 18) return;  // runs in ctest's integration-pg18 entry
  const std::string a = cluster.create_database("notnull");
  cluster.exec(a, R"sql(
    CREATE TABLE public.t (x integer CONSTRAINT x_must NOT NULL, y integer NOT NULL,
                           z integer, w integer NOT NULL NO INHERIT, plain integer NOT NULL);
    ALTER TABLE public.t ADD CONSTRAINT z_nn NOT NULL z NOT VALID;
    COMMENT ON CONSTRAINT t_y_not_null ON public.t IS 'why';
    CREATE TABLE public.child (extra integer) INHERITS (public.t);
    CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
    CREATE TABLE public.p1 PARTITION OF public.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  )sql");
  const std::string sql = require_round_trip(cluster, a);
  for (const char* statement :
       {"x integer CONSTRAINT x_must NOT NULL,",
        "w integer CONSTRAINT t_w_not_null NOT NULL NO INHERIT,", "plain integer NOT NULL\n",
        "COMMENT ON CONSTRAINT t_y_not_null ON public.t IS 'why';",
        "ALTER TABLE ONLY public.t ADD CONSTRAINT z_nn NOT NULL z NOT VALID;"}) {
    INFO("expected in the snapshot: " << statement);
    CHECK(sql.find(statement) != std::string::npos);
  }
  // The replay left z_nn unvalidated, as the original.
  const std::string b = cluster.create_database("notnull_replay");
  replay(cluster, b, sql);
  CHECK(cluster.query_value(b,
                            "SELECT convalidated FROM pg_constraint WHERE conname = 'z_nn' "
                            "AND conrelid = 'public.t'::regclass") == "f");

  // A renamed NOT NULL constraint is a ghost change.
  cluster.exec(b, "ALTER TABLE public.t RENAME CONSTRAINT x_must TO x_required");
  const auto diff = run_pgdrift({"diff", cluster.conninfo(a), cluster.conninfo(b)});
  INFO(diff.out << diff.err);
  CHECK(diff.exit_code == 1);
  CHECK(diff.out.find("public.t") != std::string::npos);
  CHECK(diff.out.find("x_required") != std::string::npos);
}

}  // namespace pgdrift::test
