// `pgdrift check` options and refusals: the migration role, ignore rules, --shadow-url,
// invalid indexes, binaries of the wrong major, a migration that fails in replay.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

}  // namespace

TEST_CASE("migrations replay as the owner of the tracking table", "[check][owners][dbmate]") {
  auto& cluster = TestCluster::shared();
  // The application role may create tables: part of the schema the baseline captures.
  CheckedDatabase app(cluster, "check_owner", "GRANT CREATE ON SCHEMA public TO drift_app");
  cluster.exec("postgres", "ALTER ROLE drift_app LOGIN");
  cluster.exec(app.db, "ALTER TABLE public.schema_migrations OWNER TO drift_app");
  // dbmate runs as the application role, as it would in production.
  app.dir.write("20990101000001_app_table.sql",
                "-- migrate:up\nCREATE TABLE public.app_events (id integer PRIMARY KEY);\n"
                "-- migrate:down\nDROP TABLE public.app_events;\n");
  const auto up = dbmate_as("drift_app", cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  REQUIRE(cluster.query_value(app.db,
                              "SELECT tableowner FROM pg_tables "
                              "WHERE tablename = 'app_events'") == "drift_app");

  const auto clean = app.check();
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("migration_role: drift_app") != std::string::npos);

  // Replaying as another role re-owns the table: that is what --migration-role changes.
  const auto other = app.check({"--migration-role", "postgres", "--format", "json"});
  CHECK(other.exit_code == 1);
  const auto lines = finding_lines(other.out);
  CHECK(std::find(lines.begin(), lines.end(), "table public.app_events changed: owner") !=
        lines.end());
  // ... and owner findings can be silenced on purpose.
  const auto ignored = app.check({"--migration-role", "postgres", "--ignore", "owner:*"});
  INFO(ignored.out << ignored.err);
  CHECK(ignored.exit_code == 0);
}

TEST_CASE("ignore rules come from --ignore and ./.pgdriftignore", "[check][ignore][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_ignore");
  cluster.exec(app.db,
               "CREATE TABLE public.tmp_import (id integer PRIMARY KEY, payload text);"
               "CREATE INDEX tmp_import_payload ON public.tmp_import (payload);"
               "ALTER TABLE public.customers ADD COLUMN scratch text;"
               "CREATE INDEX customers_scratch ON public.customers (scratch)");
  const auto all = app.check({"--format", "json"});
  REQUIRE(finding_lines(all.out).size() == 3);  // table (with its index), column, index

  const auto flagged =
      app.check({"--ignore", "public.tmp_*", "--ignore", "index:*", "--format", "json"});
  CHECK(finding_lines(flagged.out) ==
        std::vector<std::string>{"column public.customers.scratch added"});

  // The same from a .pgdriftignore in the working directory, with comments.
  std::ofstream(app.dir.path + "/.pgdriftignore")
      << "# scratch objects of the import job\npublic.tmp_*   # the staging table\n\n"
      << "column:public.customers.scratch\nindex:public.customers.customers_scratch\n";
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  const auto from_file = app.check({}, in_dir);
  INFO(from_file.out << from_file.err);
  CHECK(from_file.exit_code == 0);
}

TEST_CASE("an invalid index is a finding even when the history has the index",
          "[check][invalid-index]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_invalid");
  app.apply_legitimate_migrations();  // creates customers_email CONCURRENTLY
  cluster.exec(app.db,
               "INSERT INTO public.customers (email, name) VALUES ('a@x', 'a'), ('a@x', 'b')");
  // A failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index behind.
  CHECK_THROWS(cluster.exec(app.db,
                            "CREATE UNIQUE INDEX CONCURRENTLY customers_email_unique "
                            "ON public.customers (email)"));
  cluster.exec(app.db, "DROP INDEX public.customers_email");
  CHECK_THROWS(cluster.exec(app.db,
                            "CREATE UNIQUE INDEX CONCURRENTLY customers_email "
                            "ON public.customers (email)"));
  REQUIRE(cluster.query_value(app.db, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "2");
  const auto result = app.check({"--format", "json"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  const auto lines = finding_lines(result.out);
  CHECK(std::find(lines.begin(), lines.end(),
                  "index public.customers.customers_email_unique added") != lines.end());
  CHECK(std::find(lines.begin(), lines.end(),
                  "index public.customers.customers_email changed: definition,valid") !=
        lines.end());
  CHECK(result.out.find("INVALID") != std::string::npos);
}

TEST_CASE("--shadow-url replays in temporary databases and drops them", "[check][shadow-url]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_url");
  app.apply_legitimate_migrations();
  const std::string before = cluster.query_value(
      "postgres", "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database");
  const auto result = app.check({"--shadow-url", cluster.url("postgres")});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("shadow: temporary databases on") != std::string::npos);
  CHECK(cluster.query_value("postgres",
                            "SELECT string_agg(datname, ',' ORDER BY datname) FROM "
                            "pg_database") == before);
}

TEST_CASE("server binaries of another major are refused with the ways out", "[check][bad-input]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_bin");
  // A directory that looks like another major's binaries.
  const int live = cluster.server_major();
  const std::string other = std::to_string(live == 14 ? 13 : 14);
  const std::string fake = app.dir.path + "/pg" + other + "/bin";
  fs::create_directories(fake);
  for (const char* program : {"initdb", "pg_ctl", "postgres"}) {
    const std::string path = fake + "/" + program;
    std::ofstream(path) << "#!/bin/sh\necho \"" << program << " (PostgreSQL) " << other << ".9\"\n";
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  }
  check_trouble(
      app.check({"--pg-bin", fake}),
      "holds PostgreSQL " + other + " but the live server is PostgreSQL " + std::to_string(live));
  check_trouble(app.check({"--pg-bin", app.dir.path}), "--pg-bin");
}

TEST_CASE("a migration that fails in replay names the file, line and statement",
          "[check][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_fail");
  app.apply_legitimate_migrations();
  // Edited after it was applied: the replay meets a table that does not exist.
  app.dir.write("20990101000001_add_phone.sql",
                "-- migrate:up\nALTER TABLE public.customers ADD COLUMN phone text;\n"
                "ALTER TABLE public.nowhere ADD COLUMN x integer;\n-- migrate:down\n");
  const auto result = app.check();
  check_trouble(result, "20990101000001_add_phone.sql");
  CHECK(result.err.find("line 3") != std::string::npos);
  CHECK(result.err.find("ALTER TABLE public.nowhere ADD COLUMN x integer") != std::string::npos);
  CHECK(result.err.find("relation \"public.nowhere\" does not exist") != std::string::npos);

  // A file that is not a dbmate migration at all.
  app.dir.write("20990101000001_add_phone.sql", "ALTER TABLE public.customers ADD phone text;\n");
  check_trouble(app.check(), "has no '-- migrate:up' line");
}

TEST_CASE("a long migration replays in batches and a failure deep in it still names its line",
          "[check][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_batches");
  // 1,200 statements: more than two batches of the replay. Function bodies hold
  // semicolons of their own.
  std::string up;
  for (int i = 0; i < 400; ++i) {
    const std::string n = std::to_string(i);
    up += "CREATE TABLE public.t" + n + " (id integer PRIMARY KEY);\n";
    up += "CREATE FUNCTION public.f" + n +
          "() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN " + n + "; END $$;\n";
    up += "COMMENT ON TABLE public.t" + n + " IS 'table; number " + n + "';\n";
  }
  app.dir.write("20990101000009_many.sql", "-- migrate:up\n" + up + "-- migrate:down\n");
  REQUIRE(dbmate(cluster, app.db, app.dir, {"up"}).exit_code == 0);
  const auto clean = app.check({"--no-cache", "-v"});
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(clean.err.find("1200 statement(s) in 3 round trip(s)") != std::string::npos);

  // The same file edited after it was applied: statement 1,104 of 1,201 fails,
  // in the third batch.
  std::string broken = up;
  const std::string marker = "COMMENT ON TABLE public.t367 IS";
  broken.insert(broken.find(marker), "ALTER TABLE public.nowhere ADD COLUMN x integer;\n");
  app.dir.write("20990101000009_many.sql", "-- migrate:up\n" + broken + "-- migrate:down\n");
  const auto result = app.check({"--no-cache"});
  check_trouble(result, "20990101000009_many.sql");
  // The migrate:up marker is line 1, so table i's statements are lines 3i+2 .. 3i+4.
  CHECK(result.err.find("line " + std::to_string(3 * 367 + 4)) != std::string::npos);
  CHECK(result.err.find("ALTER TABLE public.nowhere ADD COLUMN x integer") != std::string::npos);
}

TEST_CASE("check without a tracking table says what to do", "[check][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("check_none");
  check_trouble(
      run_pgdrift({"check", "--url", cluster.conninfo(db), "--store", "", "--report-dir", ""}),
      "run `pgdrift baseline` first");
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("the legacy table a baseline kept is never drift", "[check][legacy][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("check_flyway");
  cluster.exec(db, std::string(kUntrackedSchema) + R"sql(
    CREATE TABLE public.flyway_schema_history (
      installed_rank integer PRIMARY KEY, version varchar(50), script varchar(1000) NOT NULL,
      success boolean NOT NULL);
    INSERT INTO public.flyway_schema_history VALUES (1, '1', 'V1__init.sql', true);
  )sql");
  TempDir dir;
  const auto rescue = run_pgdrift({"baseline", "--url", cluster.conninfo(db), "--migrations-dir",
                                   dir.migrations(), "--legacy-table", "flyway_schema_history"});
  INFO(rescue.out << rescue.err);
  REQUIRE(rescue.exit_code == 0);
  REQUIRE(cluster.query_value(db, "SELECT count(*) FROM public.flyway_schema_history_legacy") ==
          "1");
  ProcessOptions in_dir;
  in_dir.cwd = dir.path;
  const auto result = run_pgdrift(
      {"check", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()}, in_dir);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("colours only on a terminal, and never with NO_COLOR", "[check][output][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_color");
  cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN ghost integer");
  const std::string green_added = "\033[32madded\033[0m";
  // Piped: plain text.
  const auto piped = app.check();
  CHECK(piped.exit_code == 1);
  CHECK(piped.out.find('\033') == std::string::npos);
  // On a terminal (script(1) gives the command a pseudo-terminal).
  const std::string command = std::string(PGDRIFT_BINARY) + " check --url '" + cluster.url(app.db) +
                              "' --migrations-dir '" + app.dir.migrations() + "'";
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  const auto tty = run_process({"script", "-qec", command, "/dev/null"}, in_dir);
  CHECK(tty.exit_code == 1);
  CHECK(tty.out.find(green_added) != std::string::npos);
  in_dir.env["NO_COLOR"] = "1";
  const auto no_color = run_process({"script", "-qec", command, "/dev/null"}, in_dir);
  CHECK(no_color.exit_code == 1);
  CHECK(no_color.out.find("column public.customers.ghost added") != std::string::npos);
  CHECK(no_color.out.find('\033') == std::string::npos);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("--quiet is silent when clean, warnings included, and speaks up on drift",
          "[check][output][workflow]") {
  auto& cluster = TestCluster::shared();
  // A kind pgdrift does not model yet gives a warning on every run.
  CheckedDatabase app(cluster, "check_quiet",
                      std::string("CREATE TABLE public.t (id integer);") + kSecurityLabelRow);
  const auto loud = app.check();
  CHECK(loud.exit_code == 0);
  CHECK(loud.err.find("warning: not modelled yet") != std::string::npos);
  const auto quiet = app.check({"--quiet"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
  cluster.exec(app.db, "ALTER TABLE public.customers ADD COLUMN ghost integer");
  const auto drift = app.check({"--quiet"});
  CHECK(drift.exit_code == 1);
  CHECK(drift.out.find("column public.customers.ghost added") != std::string::npos);
  CHECK(drift.err.find("warning: not modelled yet") != std::string::npos);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("a migration role that may create schemas without owning the database replays",
          "[check][owners][dbmate]") {
  auto& cluster = TestCluster::shared();
  // dbmate's own CREATE TABLE IF NOT EXISTS needs CREATE on the schema of its table.
  CheckedDatabase app(cluster, "check_dbgrant", "GRANT CREATE ON SCHEMA public TO drift_app");
  cluster.exec("postgres", "ALTER ROLE drift_app LOGIN");
  cluster.exec("postgres", "GRANT CREATE ON DATABASE " + app.db + " TO drift_app");
  cluster.exec(app.db, "ALTER TABLE public.schema_migrations OWNER TO drift_app");
  app.dir.write("20990101000001_reporting_schema.sql",
                "-- migrate:up\nCREATE SCHEMA reporting;\n"
                "CREATE TABLE reporting.daily (day date PRIMARY KEY);\n"
                "-- migrate:down\nDROP SCHEMA reporting CASCADE;\n");
  const auto up = dbmate_as("drift_app", cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  const auto result = app.check();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
}

}  // namespace pgdrift::test
