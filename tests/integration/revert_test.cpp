// `pgdrift revert`: the drift taken back by a pending dbmate migration, proven in a shadow
// first. The real dbmate applies it to production (check is clean, the rows stay) and to
// an environment the history built (where it does nothing); `dbmate rollback` puts the
// drift back. Every refusal leaves the database and the folder as they were.
#include <catch2/catch.hpp>

#include "check_fixture.h"
#include "dbmate_fixture.h"
#include "pgdrift_harness.h"
#include "util/atomic_file.h"

namespace pgdrift::test {
namespace {

ProcessResult revert(const CheckedDatabase& app, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"revert", "--url", app.cluster.conninfo(app.db), "--migrations-dir",
                                app.dir.migrations()};
  args.insert(args.end(), extra.begin(), extra.end());
  ProcessOptions options;
  options.cwd = app.dir.path;  // the history store is check's, in the scratch folder
  return run_pgdrift(args, options);
}

// Remembers every DDL command of a database (what it created, altered or dropped).
constexpr const char* kRememberDdl = R"sql(
  CREATE TABLE public.ddl_seen (tag text, object text);
  CREATE FUNCTION public.remember_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO public.ddl_seen SELECT command_tag, object_identity
        FROM pg_event_trigger_ddl_commands();
    END $$;
  CREATE FUNCTION public.remember_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO public.ddl_seen SELECT 'DROP', object_identity
        FROM pg_event_trigger_dropped_objects();
    END $$;
  CREATE EVENT TRIGGER remember_ddl ON ddl_command_end EXECUTE FUNCTION public.remember_ddl();
  CREATE EVENT TRIGGER remember_drop ON sql_drop EXECUTE FUNCTION public.remember_drop();
)sql";

constexpr const char* kForgetDdl = R"sql(
  DROP EVENT TRIGGER remember_ddl;
  DROP EVENT TRIGGER remember_drop;
  DROP FUNCTION public.remember_ddl(), public.remember_drop();
  DROP TABLE public.ddl_seen;
)sql";

// kGhostChanges (the enum label among them: taken back through a new type, the columns
// converted), and an index whose definition changed: rebuilt in a guarded transaction,
// where a concurrent rebuild would happen on every environment.
std::string ghost_changes_that_can_be_taken_back() {
  return std::string(kGhostChanges) +
         "DROP INDEX public.customers_email;\n"
         "CREATE INDEX customers_email ON public.customers (lower(email));\n";
}

// The text of the files the folder gained since \a before.
std::string new_files_text(const CheckedDatabase& app, const std::vector<std::string>& before) {
  std::string text;
  const auto after = app.dir.files();
  for (size_t k = before.size(); k < after.size(); ++k) {
    text += read_file(app.dir.migrations() + "/" + after[k]);
  }
  return text;
}

}  // namespace

TEST_CASE("revert writes a pending migration that takes every ghost change back",
          "[revert][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "revert");
  app.apply_legitimate_migrations();
  // Rows in a table the drift does not touch, and in one it does.
  cluster.exec(app.db, R"sql(
    INSERT INTO public.customers (email, name, score)
      SELECT 'c' || n || '@example.com', 'customer ' || n, n FROM generate_series(1, 50) n;
    INSERT INTO public.orders (customer_id, total)
      SELECT id, id * 3 FROM public.customers;
  )sql");
  cluster.exec(app.db, ghost_changes_that_can_be_taken_back());
  const auto drift = app.check({"--format", "json"});
  REQUIRE(drift.exit_code == 1);
  const auto findings = finding_set(drift.out);
  const auto files_before = app.dir.files();
  const std::string versions_before = recorded_versions(app);
  // Another environment the history built (staging, say), where the drift never was: it
  // remembers every DDL command from here on.
  const std::string other = cluster.create_database("revert_other_env");
  const auto other_history = dbmate(cluster, other, app.dir, {"up"});
  INFO(other_history.out << other_history.err);
  REQUIRE(other_history.exit_code == 0);
  cluster.exec(other, kRememberDdl);

  const auto result = revert(app);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("taken back by a pending migration") != std::string::npos);
  const std::string text = new_files_text(app, files_before);
  INFO(text);
  CHECK(app.dir.files().back().find("_revert") != std::string::npos);
  CHECK(text.find("-- pgdrift revert: " + std::to_string(findings.size()) + " findings") !=
        std::string::npos);
  CHECK(text.find("-- reverts: column public.customers.nickname added (text), first seen 20") !=
        std::string::npos);
  // The ghost column's data goes with it: the header says so, naming it.
  CHECK(text.find("drop-column") != std::string::npos);
  CHECK(text.find("nickname") != std::string::npos);
  // Guarded: elsewhere it does nothing.
  CHECK(text.find("DO $pgdrift$") != std::string::npos);
  CHECK(text.find("DROP INDEX public.customers_email;") != std::string::npos);
  CHECK(text.find("_pgdrift_new") == std::string::npos);
  // The ghost label goes through a new type, the column converted, no table made again.
  CHECK(text.find("ALTER TYPE public.mood RENAME TO mood_pgdrift_old") != std::string::npos);
  CHECK(text.find("DROP TYPE public.mood_pgdrift_old") != std::string::npos);
  CHECK(text.find("DROP TABLE public.customers") == std::string::npos);
  // touch() was given to drift_app by hand: dbmate, as postgres here, may not alter it.
  CHECK(text.find("-- Changes objects owned by drift_app, not by the migration role postgres") !=
        std::string::npos);
  CHECK(text.find("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer") != std::string::npos);
  // Nothing ran on the database: the drift is still there, nothing was recorded.
  CHECK(recorded_versions(app) == versions_before);
  CHECK(finding_set(app.check({"--format", "json"}).out) == findings);

  // gate lints the pending file, inside its DO blocks too.
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  const auto gate = run_pgdrift({"gate", "--url", cluster.conninfo(app.db), "--migrations-dir",
                                 app.dir.migrations(), "--format", "json"},
                                in_dir);
  INFO(gate.out << gate.err);
  CHECK(gate.exit_code == 1);
  CHECK(gate.out.find("\"drop-column\"") != std::string::npos);

  // The other environment runs it too, and it does nothing there: not one DDL command.
  const auto other_up = dbmate(cluster, other, app.dir, {"up"});
  INFO(other_up.out << other_up.err);
  REQUIRE(other_up.exit_code == 0);
  CHECK(cluster.query_value(other, "SELECT count(*) FROM public.ddl_seen") == "0");
  CHECK(cluster.query_value(other, "SELECT count(*) FROM public.schema_migrations") ==
        std::to_string(app.dir.files().size()));
  cluster.exec(other, kForgetDdl);
  const auto other_check = run_pgdrift({"check", "--url", cluster.conninfo(other),
                                        "--migrations-dir", app.dir.migrations(), "--store", ""});
  INFO(other_check.out << other_check.err);
  CHECK(other_check.exit_code == 0);

  // Production: dbmate applies it; check is clean; the rows are all there.
  const auto up = dbmate(cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  const auto clean = app.check();
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(cluster.query_value(app.db, "SELECT count(*) FROM public.customers") == "50");
  CHECK(cluster.query_value(app.db, "SELECT count(*) FROM public.orders") == "50");
  CHECK(cluster.query_value(app.db, "SELECT sum(score) FROM public.customers") == "1275");
  // Production is now the schema the history builds.
  const std::string history_schema = schema_without_tracking(cluster, other);
  const std::string production = schema_without_tracking(cluster, app.db);
  INFO(first_difference(history_schema, production));
  CHECK(history_schema == production);

  // dbmate rollback puts the drift back, file by file.
  const size_t revert_files = app.dir.files().size() - files_before.size();
  roll_back(app, revert_files);
  const auto again = app.check({"--format", "json"});
  CHECK(again.exit_code == 1);
  CHECK(finding_set(again.out) == findings);
}

TEST_CASE("adopt the indexes, revert the rest: both prove, check is clean after both",
          "[revert][adopt]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "revert_only");
  cluster.exec(app.db, R"sql(
    ALTER TABLE public.customers ADD COLUMN nickname text;
    CREATE INDEX orders_note ON public.orders (note);
    DROP INDEX public.orders_customer;
    CREATE POLICY orders_own ON public.orders USING (true);
    COMMENT ON TABLE public.orders IS 'orders, commented by hand';
  )sql");
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  const auto adopted = run_pgdrift({"adopt", "--url", cluster.conninfo(app.db), "--migrations-dir",
                                    app.dir.migrations(), "--only", "index:*"},
                                   in_dir);
  INFO(adopted.out << adopted.err);
  REQUIRE(adopted.exit_code == 0);
  const auto files_before = app.dir.files();
  const auto reverted = revert(app);
  INFO(reverted.out << reverted.err);
  REQUIRE(reverted.exit_code == 0);
  const std::string text = new_files_text(app, files_before);
  INFO(text);
  CHECK(text.find("orders_note") == std::string::npos);
  CHECK(text.find("orders_customer") == std::string::npos);
  CHECK(text.find("DROP POLICY orders_own ON public.orders;") != std::string::npos);
  const auto up = dbmate(cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  const auto clean = app.check();
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(cluster.query_value(app.db,
                            "SELECT count(*) FROM pg_indexes WHERE indexname IN "
                            "('orders_note', 'orders_customer')") == "1");
}

TEST_CASE("revert --only takes back just those findings; the rest stays drift",
          "[revert][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "revert_some");
  cluster.exec(app.db, R"sql(
    ALTER TABLE public.customers ADD COLUMN nickname text;
    ALTER TABLE public.customers ALTER COLUMN score TYPE bigint;
    CREATE TABLE public.ghost_table (id integer PRIMARY KEY);
  )sql");
  const auto result = revert(app, {"--only", "column:*", "--name", "columns"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(app.dir.files().back().find("_revert_columns.sql") != std::string::npos);
  const auto up = dbmate(cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  const auto left = app.check({"--format", "json"});
  CHECK(left.exit_code == 1);
  CHECK(finding_set(left.out) == std::set<std::string>{"table public.ghost_table added"});
}

TEST_CASE("revert refuses, writing nothing anywhere", "[revert][cli][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "revert_refused");

  SECTION("no drift") {
    const Untouched before(app);
    check_trouble(revert(app), "has no drift to revert");
    before.check();
  }
  SECTION("an earlier revert not yet applied") {
    cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
    REQUIRE(revert(app).exit_code == 0);
    const Untouched before(app);
    check_trouble(revert(app), "apply them (dbmate up)");
    before.check();
  }
  SECTION("--dry-run prints the file") {
    cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
    const Untouched before(app);
    const auto dry = revert(app, {"--dry-run"});
    INFO(dry.err);
    CHECK(dry.exit_code == 0);
    CHECK(dry.out.find("ALTER TABLE public.customers DROP COLUMN nickname;") != std::string::npos);
    before.check();
    CHECK_FALSE(std::filesystem::exists(app.dir.path + "/reports"));
  }
  SECTION("--only matching no finding") {
    cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
    const Untouched before(app);
    check_trouble(revert(app, {"--only", "index:*"}),
                  "--only index:* matches none of the 1 finding");
    before.check();
  }
  SECTION("drift the planner cannot take back: a column's storage back to its default") {
    cluster.exec(app.db, "ALTER TABLE public.customers ALTER COLUMN email SET STORAGE EXTERNAL");
    const Untouched before(app);
    const auto refused = revert(app);
    CHECK(refused.exit_code == 2);
    INFO(refused.err);
    CHECK(refused.err.find("changing the storage of column email back to its default of table "
                           "public.customers") != std::string::npos);
    CHECK(refused.err.find("take back the rest with --only") != std::string::npos);
    before.check();
  }
}

// The conditions are asked in UTC; the statements must see the database's own time zone,
// or a timestamptz column taken back to timestamp would shift every row.
TEST_CASE("a revert converts values in the database's own time zone", "[revert]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "revert_zone",
                      "CREATE TABLE public.events (id integer PRIMARY KEY, at timestamp);\n"
                      "INSERT INTO public.events VALUES (1, '2026-06-01 12:00:00');");
  cluster.exec(app.db, "ALTER DATABASE " + app.db + " SET TimeZone = 'Europe/Paris'");
  cluster.exec(app.db, "ALTER TABLE public.events ALTER COLUMN at TYPE timestamptz");
  const auto result = revert(app);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const auto up = dbmate(cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(app.check().exit_code == 0);
  CHECK(cluster.query_value(app.db, "SELECT at::text FROM public.events") == "2026-06-01 12:00:00");
}

}  // namespace pgdrift::test
