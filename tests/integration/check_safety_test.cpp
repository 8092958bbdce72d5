// `pgdrift check` on production: it never writes to the live database, works with a
// minimal role, gives up on locks instead of queueing, and leaves no shadow behind —
// also when interrupted.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <future>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

// A private TMPDIR for pgdrift, so a test can see its shadow directory come and go.
struct PrivateTmp {
  PrivateTmp() {
    char buf[] = "/tmp/pgdrift-tmpdir-XXXXXX";
    REQUIRE(mkdtemp(buf));
    path = buf;
    // The shadow server runs as another OS user when the tests run as root.
    fs::permissions(path, fs::perms::others_exec | fs::perms::group_exec, fs::perm_options::add);
  }
  ~PrivateTmp() { fs::remove_all(path); }
  bool has_shadow_server() const {
    for (const auto& e : fs::directory_iterator(path)) {
      if (fs::exists(e.path() / "data" / "postmaster.pid")) return true;
    }
    return false;
  }
  std::string path;
};

bool eventually(const std::function<bool()>& condition, int seconds = 30) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    usleep(100000);
  }
  return condition();
}

// A recorded migration whose replay takes a while: time to interrupt the check.
void add_slow_applied_migration(const CheckedDatabase& app) {
  app.dir.write("20990101000009_slow.sql",
                "-- migrate:up\nSELECT pg_sleep(60);\n-- migrate:down\n");
  app.cluster.exec(app.db, "INSERT INTO public.schema_migrations VALUES ('20990101000009')");
}

}  // namespace

TEST_CASE("check works with a role that can only connect and read, forced read-only",
          "[check][safety]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_ro");
  app.apply_legitimate_migrations();
  ensure_roles(cluster, {"drift_watcher"});
  cluster.exec("postgres", "ALTER ROLE drift_watcher LOGIN");
  cluster.exec("postgres", "ALTER ROLE drift_watcher SET default_transaction_read_only = on");
  // Beyond CONNECT (which PUBLIC has), only the tracking table's rows.
  cluster.exec(app.db, "GRANT SELECT ON public.schema_migrations TO drift_watcher");
  const std::string before = snapshot_sql(cluster, app.db);
  const std::string url = cluster.conninfo(app.db, "drift_watcher");
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;

  const auto clean =
      run_pgdrift({"check", "--url", url, "--migrations-dir", app.dir.migrations()}, in_dir);
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);

  cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN ghost integer");
  const auto drift =
      run_pgdrift({"check", "--url", url, "--migrations-dir", app.dir.migrations()}, in_dir);
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 1);
  CHECK(drift.out.find("column public.customers.ghost added (integer)") != std::string::npos);
  // The live database is exactly as the test left it.
  cluster.exec(app.db, "ALTER TABLE public.customers DROP COLUMN ghost");
  CHECK(snapshot_sql(cluster, app.db) == before);

  // Without SELECT on the tracking table: one clear sentence.
  cluster.exec(app.db, "REVOKE SELECT ON public.schema_migrations FROM drift_watcher");
  const auto denied =
      run_pgdrift({"check", "--url", url, "--migrations-dir", app.dir.migrations()}, in_dir);
  check_trouble(denied, "grant SELECT on it");
}

TEST_CASE("an ACCESS EXCLUSIVE lock on a user table makes check give up, not queue",
          "[check][safety][workflow]") {
  // Some of PostgreSQL's deparse functions (pg_get_viewdef, pg_get_expr of a generated
  // column, ...) take ACCESS SHARE on the relation they describe, so no catalog reader can
  // describe such a relation while a migration holds ACCESS EXCLUSIVE on it. (Column
  // defaults no longer need it: they are deparsed without their table.) What check
  // promises: it waits at most --lock-timeout, says so, and succeeds once the lock is gone.
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_lock");
  auto migration = std::make_unique<HeldSession>(
      cluster, app.db, "BEGIN; LOCK TABLE public.big_orders IN ACCESS EXCLUSIVE MODE");
  const auto start = std::chrono::steady_clock::now();
  const auto blocked = app.check({"--lock-timeout", "2s"});
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  check_trouble(blocked, "after waiting 2s for a lock held by another session (--lock-timeout)");
  CHECK(seconds < 15);
  migration.reset();
  const auto clean = app.check({"--lock-timeout", "2s"});
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
}

TEST_CASE("Ctrl-C during the replay removes the shadow cluster", "[check][safety][bad-input]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_int");
  add_slow_applied_migration(app);
  PrivateTmp tmp;
  std::atomic<int> pid{0};
  ProcessOptions options;
  options.env["TMPDIR"] = tmp.path;
  options.on_start = [&](int p) { pid = p; };
  auto run = std::async(std::launch::async, [&] { return app.check({}, options); });
  REQUIRE(eventually([&] { return tmp.has_shadow_server(); }));
  REQUIRE(wait_until(cluster, "postgres", "SELECT true"));  // the cluster is still fine
  usleep(500000);
  kill(pid, SIGINT);
  const auto result = run.get();
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("interrupted") != std::string::npos);
  const bool removed = eventually([&] { return fs::is_empty(tmp.path); });
  std::string left;
  for (const auto& e : fs::recursive_directory_iterator(tmp.path)) left += e.path().string() + "\n";
  INFO("left behind:\n" << left);
  CHECK(removed);
}

TEST_CASE("SIGTERM with --shadow-url drops the temporary databases", "[check][safety]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_term");
  add_slow_applied_migration(app);
  const std::string count_shadows =
      "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgdrift\\_shadow\\_%'";
  REQUIRE(cluster.query_value("postgres", count_shadows) == "0");
  std::atomic<int> pid{0};
  ProcessOptions options;
  options.on_start = [&](int p) { pid = p; };
  auto run = std::async(std::launch::async, [&] {
    return app.check({"--shadow-url", cluster.url("postgres")}, options);
  });
  REQUIRE(eventually([&] { return cluster.query_value("postgres", count_shadows) != "0"; }));
  usleep(500000);
  kill(pid, SIGTERM);
  const auto result = run.get();
  CHECK(result.exit_code == 2);
  CHECK(eventually([&] { return cluster.query_value("postgres", count_shadows) == "0"; }));
}

}  // namespace pgdrift::test
