// `pgdrift adopt`: the drift becomes a dbmate migration recorded as applied, proven in a
// shadow first; afterwards check is clean and a new environment built by the real dbmate
// from the folder equals production. Every refusal and fault leaves the database and the
// folder as they were.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <future>
#include <sstream>

#include "check_fixture.h"
#include "dbmate_fixture.h"
#include "pgdrift_harness.h"
#include "util/atomic_file.h"

namespace pgdrift::test {
namespace {

ProcessResult adopt(const CheckedDatabase& app, const std::vector<std::string>& extra = {},
                    const std::string& role = "", ProcessOptions options = {}) {
  std::vector<std::string> args{
      "adopt", "--url",
      role.empty() ? app.cluster.conninfo(app.db) : app.cluster.conninfo(app.db, role),
      "--migrations-dir", app.dir.migrations()};
  args.insert(args.end(), extra.begin(), extra.end());
  options.cwd = app.dir.path;  // the history store is check's, in the scratch folder
  return run_pgdrift(args, options);
}

}  // namespace

TEST_CASE("adopt records every ghost change as a migration: check is clean, dbmate agrees",
          "[adopt][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "adopt");
  app.apply_legitimate_migrations();
  cluster.exec(app.db, kGhostChanges);
  const auto drift = app.check({"--format", "json"});
  REQUIRE(drift.exit_code == 1);
  const size_t findings = finding_lines(drift.out).size();
  const auto files_before = app.dir.files();

  const auto result = adopt(app);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const auto files_after = app.dir.files();
  REQUIRE(files_after.size() > files_before.size());
  std::string text;  // every new file
  for (size_t k = files_before.size(); k < files_after.size(); ++k) {
    CHECK(files_after[k].find("_adopt") != std::string::npos);
    text += read_file(app.dir.migrations() + "/" + files_after[k]);
  }
  INFO(text);
  CHECK(text.find("-- pgdrift adopt: " + std::to_string(findings) + " findings") !=
        std::string::npos);
  // The check before stored when each finding was first seen.
  CHECK(text.find("-- adopts: column public.customers.nickname added (text), first seen 20") !=
        std::string::npos);

  const auto clean = app.check();
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  // The history store shows what resolved them: the adoption, by its versions.
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  const auto history = run_pgdrift({"history", "--format", "json", "--limit", "100"}, in_dir);
  REQUIRE(history.exit_code == 0);
  const auto resolved = nlohmann::json::parse(history.out).at("resolved_findings");
  CHECK(resolved.size() == findings);
  for (const auto& f : resolved) {
    CHECK(f.at("resolved_by")
              .get<std::string>()
              .rfind("adopted in " + files_after[files_before.size()].substr(0, 14), 0) == 0);
  }
  const auto status = dbmate(cluster, app.db, app.dir, {"status"});
  CHECK(status.out.find("Applied: " + std::to_string(files_after.size()) + "\n") !=
        std::string::npos);
  CHECK(status.out.find("Pending: 0\n") != std::string::npos);

  // A new environment built from the folder is production's schema.
  check_new_environment_is_production(app, "adopt_new_env");
}

TEST_CASE("adopt refuses, writing nothing anywhere: no drift, pending files, a reading role",
          "[adopt][cli][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "adopt_refused");

  SECTION("no drift") {
    const Untouched before(app);
    check_trouble(adopt(app), "has no drift to adopt");
    before.check();
  }
  SECTION("a migration file not yet applied") {
    cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
    app.dir.write("20990101000009_pending.sql",
                  "-- migrate:up\nCREATE TABLE public.later (id integer);\n"
                  "-- migrate:down\nDROP TABLE public.later;\n");
    const Untouched before(app);
    check_trouble(adopt(app), "20990101000009_pending.sql); apply them (dbmate up)");
    before.check();
  }
  SECTION("a role that may read the tracking table but not insert into it") {
    ensure_role(cluster, "adopt_reader", "LOGIN");
    cluster.exec(app.db, "GRANT SELECT ON public.schema_migrations TO adopt_reader");
    cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
    const Untouched before(app);
    check_trouble(adopt(app, {}, "adopt_reader"),
                  "it needs INSERT and UPDATE on public.schema_migrations");
    before.check();
  }
  SECTION("--dry-run prints the file and the transaction") {
    cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
    const Untouched before(app);
    const auto dry = adopt(app, {"--dry-run"});
    INFO(dry.err);
    CHECK(dry.exit_code == 0);
    CHECK(dry.out.find("ALTER TABLE public.customers ADD COLUMN nickname text") !=
          std::string::npos);
    CHECK(dry.out.find("INSERT INTO public.schema_migrations (version) VALUES ('") !=
          std::string::npos);
    before.check();
    // Nor a history store, nor a kept shadow image.
    CHECK_FALSE(std::filesystem::exists(app.dir.path + "/reports"));
  }
  SECTION("--only matching no finding") {
    cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
    const Untouched before(app);
    check_trouble(adopt(app, {"--only", "index:*"}),
                  "--only index:* matches none of the 1 finding");
    before.check();
  }
}

TEST_CASE("adopt --only and ignore rules adopt just those findings; the rest stays drift",
          "[adopt][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "adopt_only");
  cluster.exec(app.db, R"sql(
    ALTER TABLE public.customers ADD COLUMN nickname text;
    CREATE INDEX orders_note ON public.orders (note);
    CREATE TABLE public.ghost_table (id integer PRIMARY KEY);
  )sql");
  // The indexes only, with the ghost table ignored besides.
  const auto indexes = adopt(app, {"--only", "index:*", "--ignore", "public.ghost_*"});
  INFO(indexes.out << indexes.err);
  REQUIRE(indexes.exit_code == 0);
  const std::string text = read_file(app.dir.migrations() + "/" + app.dir.files().back());
  INFO(text);
  CHECK(text.find("-- adopts: index public.orders.orders_note added") != std::string::npos);
  CHECK(text.find("nickname") == std::string::npos);
  CHECK(text.find("ghost_table") == std::string::npos);
  auto left = app.check({"--format", "json"});
  CHECK(left.exit_code == 1);
  CHECK(finding_set(left.out) == std::set<std::string>{"column public.customers.nickname added",
                                                       "table public.ghost_table added"});
  // Then the rest but what an ignore rule silences.
  const auto rest = adopt(app, {"--ignore", "public.ghost_*"});
  INFO(rest.out << rest.err);
  REQUIRE(rest.exit_code == 0);
  CHECK(app.check({"--ignore", "public.ghost_*"}).exit_code == 0);
  left = app.check({"--format", "json"});
  CHECK(finding_set(left.out) == std::set<std::string>{"table public.ghost_table added"});
}

TEST_CASE("adopt replaces the unrecorded file an interrupted adoption left", "[adopt][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "adopt_leftover");
  cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
  // As a run killed between the file's rename and COMMIT leaves it: not recorded.
  const std::string leftover = app.dir.write(
      "20990101000000_adopt.sql",
      "-- migrate:up\n-- pgdrift adopt: 1 finding of pgdrift check made part of the history\n"
      "ALTER TABLE public.customers ADD COLUMN nickname text;\n-- migrate:down\n");
  const auto result = adopt(app);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("removed " + leftover + ", left unrecorded") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(leftover));
  CHECK(app.dir.files().size() == 2);  // the baseline and the adoption
  CHECK(app.check().exit_code == 0);
}

// The connection lost during COMMIT (a deferred trigger keeps it busy): whether the
// adoption was recorded is unknown, so pgdrift keeps its file and says what to do; here
// the server rolled back, and the next adopt replaces the unrecorded file.
TEST_CASE("an adopt whose connection is lost during COMMIT is finished by the next one",
          "[adopt][crash][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "adopt_commit");
  cluster.exec(app.db, R"sql(
    ALTER TABLE public.customers ADD COLUMN nickname text;
    CREATE FUNCTION public.slow_commit() RETURNS trigger LANGUAGE plpgsql
      AS $$BEGIN PERFORM pg_sleep(60); RETURN NULL; END$$;
    CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON public.schema_migrations
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.slow_commit();
  )sql");
  const std::vector<std::string> ignore{"--ignore", "*slow_commit*"};
  const Untouched before(app);
  auto run = std::async(std::launch::async, [&] { return adopt(app, ignore); });
  REQUIRE(pgdrift_waits(cluster, run,
                        "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = "
                        "'pgdrift' AND wait_event = 'PgSleep' AND datname = '" +
                            app.db + "'"));
  CHECK(app.dir.files().size() == before.files.size() + 1);  // in place before COMMIT
  cluster.exec("postgres",
               "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
               "WHERE application_name = 'pgdrift' AND datname = '" +
                   app.db + "'");
  const auto lost = run.get();
  INFO(lost.out << lost.err);
  CHECK(lost.exit_code == 2);
  CHECK(lost.err.find("whether the adoption was recorded is unknown; run `pgdrift check`") !=
        std::string::npos);
  CHECK(recorded_versions(app) == before.versions);  // the server rolled back
  CHECK(app.dir.files().size() == before.files.size() + 1);

  cluster.exec(app.db, "DROP TRIGGER slow_commit ON public.schema_migrations");
  const auto again = adopt(app, ignore);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find(", left unrecorded by an interrupted run") != std::string::npos);
  CHECK(app.dir.files().size() == before.files.size() + 1);
  CHECK(app.check(ignore).exit_code == 0);
}

// Killed at the advisory lock, or inside the transaction (waiting to insert the version):
// no version without its file, no file without its version, and a rerun completes.
TEST_CASE("an adopt killed at any point leaves everything as it was", "[adopt][crash][workflow]") {
  auto& cluster = TestCluster::shared();
  struct Point {
    const char* name;
    const char* hold;
  };
  const Point points[] = {
      {"advisory lock", "SELECT pg_advisory_lock(hashtext('pgdrift baseline'))"},
      {"version insert", "BEGIN; LOCK TABLE public.schema_migrations IN SHARE MODE"},
  };
  for (const auto& point : points) {
    for (const bool terminate_session : {false, true}) {
      DYNAMIC_SECTION(point.name << (terminate_session ? ", session terminated" : ", killed")) {
        CheckedDatabase app(cluster, "adopt_crash");
        cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN nickname text");
        const Untouched before(app);
        auto holder = std::make_unique<HeldSession>(cluster, app.db, point.hold);
        std::atomic<int> pid{0};
        ProcessOptions options;
        options.on_start = [&](int p) { pid = p; };
        auto run = std::async(std::launch::async, [&] {
          return adopt(app, {"--lock-timeout", "60s"}, "", options);
        });
        REQUIRE(pgdrift_waits(cluster, run,
                              "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name "
                              "= 'pgdrift' AND wait_event_type IN ('Lock', 'advisory') AND "
                              "datname = '" +
                                  app.db + "'"));
        const auto result = stop_pgdrift(cluster, app.db, run, pid, terminate_session, holder);
        CHECK(result.exit_code != 0);
        if (terminate_session) CHECK(result.exit_code == 2);
        before.check();
        const auto again = adopt(app);
        INFO(again.out << again.err);
        CHECK(again.exit_code == 0);
        CHECK(app.dir.files().size() == before.files.size() + 1);
        CHECK(app.check().exit_code == 0);
      }
    }
  }
}

TEST_CASE("an adopt killed during its COMMIT leaves the file and the version together",
          "[adopt][crash][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "adopt_commit_kill");
  // COMMIT waits two seconds in a deferred trigger: pgdrift is killed while it waits, after
  // its file is in place; the server finishes the COMMIT without it.
  cluster.exec(app.db, R"sql(
    ALTER TABLE public.customers ADD COLUMN nickname text;
    CREATE FUNCTION public.slow_commit() RETURNS trigger LANGUAGE plpgsql
      AS $$BEGIN PERFORM pg_sleep(2); RETURN NULL; END$$;
    CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON public.schema_migrations
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.slow_commit();
  )sql");
  const std::vector<std::string> ignore{"--ignore", "*slow_commit*"};
  const Untouched before(app);
  std::atomic<int> pid{0};
  ProcessOptions options;
  options.on_start = [&](int p) { pid = p; };
  auto run = std::async(std::launch::async, [&] { return adopt(app, ignore, "", options); });
  REQUIRE(pgdrift_waits(cluster, run,
                        "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = "
                        "'pgdrift' AND wait_event = 'PgSleep' AND datname = '" +
                            app.db + "'"));
  std::unique_ptr<HeldSession> no_holder;
  const auto killed = stop_pgdrift(cluster, app.db, run, pid, false, no_holder);
  CHECK(killed.exit_code != 0);
  // No version without its file, no file without its version: here both.
  CHECK(app.dir.files().size() == before.files.size() + 1);
  CHECK(recorded_versions(app) != before.versions);
  CHECK(app.check(ignore).exit_code == 0);
}

}  // namespace pgdrift::test
