// Reading is safe on production: no locks on user tables, a bounded wait on catalog
// locks, one read-only snapshot, and a role that can only connect is enough.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>

#include "round_trip.h"

namespace pgdrift::test {

// pg_event_trigger is read by the snapshot but not by a connection's start-up, so locking
// it makes pgdrift wait inside its read (a lock on pg_class would block the login). A
// start-up that rebuilds the relation cache's init file does open it (with every catalog
// that has a syscache): the harness's clusters run without autovacuum, which would remove
// that file at random, and the session holding the lock connects first and rebuilds it.
constexpr const char* kLockCatalog =
    "BEGIN; LOCK TABLE pg_catalog.pg_event_trigger IN ACCESS EXCLUSIVE MODE";

constexpr const char* kPgdriftWaiting =
    "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'pgdrift' "
    "AND wait_event_type = 'Lock'";

// Waits until pgdrift waits on a lock (see pgdrift_waits).
bool pgdrift_waits_on_lock(const TestCluster& cluster, std::future<ProcessResult>& run) {
  return pgdrift_waits(cluster, run, kPgdriftWaiting);
}

// PostgreSQL's deparsers open the relations they deparse: pg_get_expr,
// pg_get_indexdef and pg_get_constraintdef take ACCESS SHARE for the call, and
// pg_get_viewdef, pg_get_ruledef and SQL-standard function bodies keep it to the end of
// the transaction. pgdrift releases the latter with a savepoint rollback, so it never
// holds a lock on a user relation between queries, and waits at most --lock-timeout.
TEST_CASE("snapshot holds no lock on any user relation while it reads", "[safety]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("nolock");
  cluster.exec(db, R"sql(
    CREATE TABLE public.base (id integer PRIMARY KEY, v text DEFAULT 'x' CHECK (v <> ''));
    CREATE INDEX base_v ON public.base (lower(v)) WHERE id > 0;
    CREATE VIEW public.v AS SELECT id FROM public.base;
    CREATE RULE r AS ON DELETE TO public.base DO ALSO NOTIFY base;
    ALTER TABLE public.base ENABLE ROW LEVEL SECURITY;
    CREATE POLICY p ON public.base USING (id > 0);
  )sql");
  if (cluster.server_major() >= 14) {  // SQL-standard function bodies
    cluster.exec(db,
                 "CREATE FUNCTION public.n() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT "
                 "count(*) FROM public.base; END;");
  }
  // Stop pgdrift after everything but event triggers was read, then look at its locks.
  auto ddl = std::make_unique<HeldSession>(cluster, db, kLockCatalog);
  auto run = std::async(std::launch::async, [&] {
    return run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "--lock-timeout", "30s"});
  });
  REQUIRE(pgdrift_waits_on_lock(cluster, run));
  CHECK(cluster.query_value(
            db,
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "JOIN pg_class c ON c.oid = l.relation "
            "WHERE a.application_name = 'pgdrift' AND c.relnamespace = 'public'::regnamespace") ==
        "0");
  ddl.reset();
  CHECK(run.get().exit_code == 0);
}

TEST_CASE("a migration's lock on a table bounds the wait to --lock-timeout", "[safety]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("tablelock");
  cluster.exec(db, "CREATE TABLE public.busy (id integer PRIMARY KEY, v text CHECK (v <> ''))");
  // A migration holding ACCESS EXCLUSIVE on the table (as ALTER TABLE would).
  HeldSession migration(cluster, db, "BEGIN; LOCK TABLE public.busy IN ACCESS EXCLUSIVE MODE");
  const auto start = std::chrono::steady_clock::now();
  const auto result =
      run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "--lock-timeout", "500ms"});
  check_trouble(result, "--lock-timeout");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("a lock on the catalogs makes snapshot give up after --lock-timeout", "[safety]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("catlock");
  cluster.exec(db, "CREATE TABLE public.t (id integer)");
  HeldSession ddl(cluster, db, kLockCatalog);
  const auto start = std::chrono::steady_clock::now();
  const auto result =
      run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "--lock-timeout", "300ms"});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  check_trouble(result, "for a lock held by another session (--lock-timeout)");
  CHECK(elapsed < std::chrono::seconds(20));
}

TEST_CASE("a role that can only connect reads the same snapshot", "[safety]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_owner", "pgdrift_reader"});
  ensure_role(cluster, "pgdrift_connect_only", "LOGIN");
  const std::string db = cluster.create_database("minpriv");
  cluster.exec(db, R"sql(
    REVOKE ALL ON SCHEMA public FROM PUBLIC;
    CREATE SCHEMA private AUTHORIZATION pgdrift_owner;
    CREATE TABLE private.secrets (id integer PRIMARY KEY, token text NOT NULL);
    ALTER TABLE private.secrets OWNER TO pgdrift_owner;
    REVOKE ALL ON private.secrets FROM PUBLIC;
    CREATE FUNCTION private.hidden() RETURNS integer LANGUAGE sql AS 'SELECT 1';
    REVOKE EXECUTE ON FUNCTION private.hidden() FROM PUBLIC;
    CREATE VIEW private.v AS SELECT id FROM private.secrets;
    ALTER TABLE private.secrets ENABLE ROW LEVEL SECURITY;
    CREATE POLICY p ON private.secrets TO pgdrift_reader USING (id > 0);
    CREATE PUBLICATION pub FOR TABLE private.secrets;
  )sql");
  const auto as_superuser = run_pgdrift({"snapshot", "--url", cluster.conninfo(db)});
  const auto as_reader =
      run_pgdrift({"snapshot", "--url", cluster.conninfo(db, "pgdrift_connect_only")});
  INFO(as_reader.err);
  REQUIRE(as_superuser.exit_code == 0);
  REQUIRE(as_reader.exit_code == 0);
  INFO(first_difference(as_superuser.out, as_reader.out));
  CHECK(as_reader.out == as_superuser.out);
}

TEST_CASE("snapshot runs as application_name pgdrift in a read-only transaction", "[safety]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("appname");
  cluster.exec(db, "CREATE TABLE public.t (id integer)");
  // Hold pgdrift on a catalog lock long enough to look at its session.
  auto ddl = std::make_unique<HeldSession>(cluster, db, kLockCatalog);
  auto run = std::async(std::launch::async, [&] {
    return run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "--lock-timeout", "30s"});
  });
  REQUIRE(pgdrift_waits_on_lock(cluster, run));
  // A read-only transaction never gets a transaction id, even while it reads.
  CHECK(cluster.query_value("postgres",
                            "SELECT bool_and(backend_xid IS NULL) FROM pg_stat_activity "
                            "WHERE application_name = 'pgdrift'") == "t");
  ddl.reset();
  const auto result = run.get();
  CHECK(result.exit_code == 0);
}

TEST_CASE("the server dying in the middle of the read leaves no output file",
          "[safety][bad-input]") {
  TestCluster own;  // this test kills its server
  const std::string db = own.create_database("dying");
  own.exec(db, "CREATE TABLE public.t (id integer)");
  char dir[] = "/tmp/pgdrift-out-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string out = std::string(dir) + "/snapshot.sql";
  auto ddl = std::make_unique<HeldSession>(own, db, kLockCatalog);
  auto run = std::async(std::launch::async, [&] {
    return run_pgdrift({"snapshot", "--url", own.conninfo(db), "--lock-timeout", "60s", "-o", out});
  });
  REQUIRE(pgdrift_waits_on_lock(own, run));
  own.kill_server();
  const auto result = run.get();
  ddl.reset();
  check_trouble(result, "connection");
  CHECK(std::filesystem::is_empty(dir));  // neither the file nor a temporary one
  std::filesystem::remove_all(dir);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("Ctrl-C in the middle of the read exits 2 and writes nothing", "[safety][bad-input]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("interrupt");
  cluster.exec(db, "CREATE TABLE public.t (id integer)");
  char dir[] = "/tmp/pgdrift-int-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string out = std::string(dir) + "/snapshot.sql";
  auto ddl = std::make_unique<HeldSession>(cluster, db, kLockCatalog);
  std::atomic<int> pid{0};
  ProcessOptions options;
  options.on_start = [&](int p) { pid = p; };
  auto run = std::async(std::launch::async, [&] {
    return run_pgdrift(
        {"snapshot", "--url", cluster.conninfo(db), "--lock-timeout", "60s", "-o", out}, options);
  });
  REQUIRE(pgdrift_waits_on_lock(cluster, run));
  REQUIRE(pid > 0);
  kill(pid, SIGINT);
  const auto result = run.get();
  ddl.reset();
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("interrupted") != std::string::npos);
  CHECK(std::filesystem::is_empty(dir));
  // The server dropped pgdrift's session with its transaction.
  CHECK(wait_until(cluster, "postgres",
                   "SELECT count(*) = 0 FROM pg_stat_activity WHERE application_name = 'pgdrift'"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the number of statements a snapshot sends does not grow with the schema",
          "[safety][scale]") {
  // A cluster that logs every statement with its application name.
  TestCluster logged(pg_bindir(),
                     "-c log_statement=all -c log_line_prefix='%a|' -c logging_collector=off");
  const std::string small = logged.create_database("small");
  logged.exec(small, "CREATE TABLE public.t0 (id integer PRIMARY KEY, v text)");
  const std::string large = logged.create_database("large");
  std::string ddl;
  for (int i = 0; i < 300; ++i) {
    const std::string n = std::to_string(i);
    ddl += "CREATE TABLE public.t" + n +
           " (id integer PRIMARY KEY, v text DEFAULT 'x', w integer CHECK (w > 0));"
           "CREATE INDEX t" +
           n + "_v ON public.t" + n +
           " (v);"
           "CREATE VIEW public.v" +
           n + " AS SELECT id FROM public.t" + n + ";";
  }
  logged.exec(large, ddl);
  auto count_statements = [&](const std::string& db) {
    std::ifstream log(logged.socket_dir() + "/server.log");
    const std::string before{std::istreambuf_iterator<char>(log), {}};
    REQUIRE(run_pgdrift({"snapshot", "--url", logged.conninfo(db)}).exit_code == 0);
    std::ifstream again(logged.socket_dir() + "/server.log");
    const std::string after{std::istreambuf_iterator<char>(again), {}};
    const std::string added = after.substr(before.size());
    size_t count = 0;
    for (size_t pos = added.find("pgdrift|LOG:  statement:"); pos != std::string::npos;
         pos = added.find("pgdrift|LOG:  statement:", pos + 1)) {
      ++count;
    }
    for (size_t pos = added.find("pgdrift|LOG:  execute"); pos != std::string::npos;
         pos = added.find("pgdrift|LOG:  execute", pos + 1)) {
      ++count;
    }
    return count;
  };
  // The queries of the rarer kinds are sent only when the database has such objects
  // (census.sql): an operator and a text search configuration add exactly their two.
  const std::string rare = logged.create_database("rare");
  logged.exec(rare, R"sql(
    CREATE TABLE public.t0 (id integer PRIMARY KEY, v text);
    CREATE FUNCTION public.same(integer, integer) RETURNS boolean LANGUAGE sql
      AS 'SELECT $1 = $2';
    CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.same);
    CREATE TEXT SEARCH CONFIGURATION public.plain (COPY = pg_catalog.simple);
  )sql");
  const size_t n_small = count_statements(small);
  const size_t n_large = count_statements(large);
  const size_t n_rare = count_statements(rare);
  CHECK(n_small > 20);
  CHECK(n_small == n_large);
  CHECK(n_rare == n_small + 2);
  std::cout << "statements per snapshot: " << n_small << " (1 table), " << n_large
            << " (300 tables), " << n_rare << " (an operator and a text search configuration)\n";
}

}  // namespace pgdrift::test
