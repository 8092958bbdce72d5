// `pgdrift baseline`: the rescue, its refusals, idempotence, --dry-run, and the real
// dbmate's view of the result.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>

#include "dbmate_fixture.h"
#include "round_trip.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

// The home-made tracking table of the mission: file name, checksum, applied time.
constexpr const char* kHomeMadeHistory = R"sql(
  CREATE TABLE public.schema_migrations (
    id serial PRIMARY KEY, filename text NOT NULL UNIQUE, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now());
  INSERT INTO public.schema_migrations (filename, checksum)
    SELECT format('%s_step.sql', g), md5(g::text) FROM generate_series(1, 19) g;
  CREATE TABLE public.users (id integer PRIMARY KEY, email text NOT NULL);
  CREATE INDEX users_email ON public.users (email);
  ALTER TABLE public.users ADD COLUMN phone text;          -- untracked, by hand
  CREATE VIEW public.user_emails AS SELECT email FROM public.users;
)sql";

ProcessResult baseline(const TestCluster& cluster, const std::string& db, const TempDir& dir,
                       std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"baseline", "--url", cluster.conninfo(db), "--migrations-dir",
                                dir.migrations()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_pgdrift(args);
}

}  // namespace

TEST_CASE("baseline rescues a database with a home-made tracking table", "[baseline]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("rescue");
  cluster.exec(db, kHomeMadeHistory);
  const std::string legacy_before = cluster.query_value(
      db, "SELECT string_agg(filename || checksum, ',' ORDER BY id) FROM public.schema_migrations");
  TempDir dir;

  const auto result = baseline(cluster, db, dir);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  REQUIRE(dir.files().size() == 1);
  const std::string file = dir.files().front();
  const std::string version = file.substr(0, file.find('_'));
  CHECK(file == version + "_baseline.sql");
  CHECK(version.size() == 14);
  CHECK(result.out.find(
            "renamed public.schema_migrations to public.schema_migrations_legacy (19 rows kept)") !=
        std::string::npos);
  CHECK(result.out.find("recorded version " + version) != std::string::npos);

  // Every legacy row, index and constraint is still there, under the new name.
  CHECK(cluster.query_value(db,
                            "SELECT string_agg(filename || checksum, ',' ORDER BY id) FROM "
                            "public.schema_migrations_legacy") == legacy_before);
  CHECK(cluster.query_value(
            db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'schema_migrations_legacy'") ==
        "2");
  // dbmate's table, exactly, with the one version.
  CHECK(cluster.query_value(db, "SELECT string_agg(version, ',') FROM public.schema_migrations") ==
        version);
  CHECK(cluster.query_value(
            db,
            "SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute "
            "WHERE attrelid = 'public.schema_migrations'::regclass AND attnum > 0") ==
        "character varying true");

  // The file: dbmate's markers, the schema without the tracking tables, a refusing down.
  const std::string text = read_text(dir.migrations() + "/" + file);
  CHECK(text.rfind("-- pgdrift baseline " + version, 0) == 0);
  CHECK(text.find("-- migrate:up\n") != std::string::npos);
  CHECK(text.find("CREATE TABLE public.users") != std::string::npos);
  CHECK(text.find("phone text") != std::string::npos);
  // Left out of the schema; the header names them so `check` leaves them out too.
  const std::string up = text.substr(text.find("-- migrate:up"));
  CHECK(up.find("schema_migrations") == std::string::npos);
  CHECK(text.find("-- migration tracking table, left out: \"public\".\"schema_migrations\"\n") <
        text.find("-- migrate:up"));
  CHECK(text.find("left out: \"public\".\"schema_migrations_legacy\"\n") <
        text.find("-- migrate:up"));
  const std::string down = text.substr(text.find("-- migrate:down"));
  CHECK(down.find("DROP") == std::string::npos);
  CHECK_THROWS_WITH(cluster.exec(db, down), Catch::Contains("cannot be rolled back"));
}

TEST_CASE("a second baseline run changes nothing and says so", "[baseline][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("again");
  cluster.exec(db, kHomeMadeHistory);
  TempDir dir;
  REQUIRE(baseline(cluster, db, dir).exit_code == 0);
  const auto files = dir.files();
  const std::string snapshot = snapshot_sql(cluster, db);
  const auto again = baseline(cluster, db, dir);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("already baselined") != std::string::npos);
  CHECK(dir.files() == files);
  CHECK(snapshot_sql(cluster, db) == snapshot);
}

TEST_CASE("baseline refuses, changing nothing, when history could be lost",
          "[baseline][bad-input]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("refuse");
  cluster.exec(db, kHomeMadeHistory);
  TempDir dir;
  const std::string before = snapshot_sql(cluster, db);
  auto refused = [&](const ProcessResult& r, const std::string& fragment) {
    check_trouble(r, fragment);
    CHECK(snapshot_sql(cluster, db) == before);
  };

  SECTION("the _legacy name is taken") {
    cluster.exec(db, "CREATE TABLE public.schema_migrations_legacy (x integer)");
    const std::string with_legacy = snapshot_sql(cluster, db);
    check_trouble(baseline(cluster, db, dir), "public.schema_migrations_legacy already exists");
    CHECK(snapshot_sql(cluster, db) == with_legacy);
  }
  SECTION("migration files that are not applied") {
    fs::create_directories(dir.migrations());
    std::ofstream(dir.migrations() + "/20240101000000_add_x.sql") << "-- migrate:up\nSELECT 1;\n";
    refused(baseline(cluster, db, dir), "20240101000000_add_x.sql");
    CHECK(dir.files().size() == 1);
  }
  SECTION("a --legacy-table that does not exist") {
    refused(baseline(cluster, db, dir, {"--legacy-table", "flyway_schema_history"}),
            "flyway_schema_history given with --legacy-table does not exist");
  }
  CHECK(dir.files().size() <= 1);
}

TEST_CASE("a dbmate table that already records versions is left alone", "[baseline][bad-input]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("tracked");
  cluster.exec(db,
               "CREATE TABLE public.schema_migrations (version varchar PRIMARY KEY);"
               "INSERT INTO public.schema_migrations VALUES ('20240101000000');");
  TempDir dir;
  const auto r = baseline(cluster, db, dir);
  check_trouble(r, "already tracked by dbmate");
  CHECK(r.err.find("pgdrift check") != std::string::npos);
  CHECK(dir.files().empty());
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.schema_migrations") == "1");
}

TEST_CASE("an empty dbmate table is used as it is", "[baseline]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("emptytrack");
  cluster.exec(db,
               "CREATE TABLE public.schema_migrations (version varchar PRIMARY KEY);"
               "CREATE TABLE public.t (id integer);");
  const std::string table_oid =
      cluster.query_value(db, "SELECT 'public.schema_migrations'::regclass::oid::text");
  TempDir dir;
  const auto r = baseline(cluster, db, dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("created") == std::string::npos);
  CHECK(cluster.query_value(db, "SELECT 'public.schema_migrations'::regclass::oid::text") ==
        table_oid);
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.schema_migrations") == "1");
}

TEST_CASE("--legacy-table keeps another tool's history", "[baseline]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("other_tool");
  cluster.exec(db, R"sql(
    CREATE TABLE public.flyway_schema_history (installed_rank integer PRIMARY KEY, version text,
      description text, script text NOT NULL, checksum integer, success boolean NOT NULL);
    INSERT INTO public.flyway_schema_history VALUES (1, '1', 'init', 'V1__init.sql', 42, true);
    CREATE TABLE public.t (id integer);
  )sql");
  TempDir dir;
  const auto r = baseline(cluster, db, dir, {"--legacy-table", "flyway_schema_history"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(cluster.query_value(db, "SELECT script FROM public.flyway_schema_history_legacy") ==
        "V1__init.sql");
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.schema_migrations") == "1");
  const std::string text = read_text(dir.migrations() + "/" + dir.files().front());
  CHECK(text.substr(text.find("-- migrate:up")).find("flyway") == std::string::npos);
}

TEST_CASE("--dry-run prints everything and writes nothing", "[baseline][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("dryrun");
  cluster.exec(db, kHomeMadeHistory);
  TempDir dir;
  const std::string before = snapshot_sql(cluster, db);
  const auto r = baseline(cluster, db, dir, {"--dry-run"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("-- migrate:up") != std::string::npos);
  CHECK(r.out.find("ALTER TABLE public.schema_migrations RENAME TO schema_migrations_legacy;") !=
        std::string::npos);
  CHECK(r.out.find("INSERT INTO public.schema_migrations (version) VALUES") != std::string::npos);
  CHECK(snapshot_sql(cluster, db) == before);  // not even an empty tracking table
  CHECK(!fs::exists(dir.migrations()));
}

TEST_CASE("the real dbmate sees the baseline as applied and migrates on top",
          "[baseline][dbmate]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("dbmate");
  cluster.exec(db, kHomeMadeHistory);
  TempDir dir;
  REQUIRE(baseline(cluster, db, dir).exit_code == 0);
  const std::string file = dir.files().front();

  const auto status = dbmate(cluster, db, dir, {"status"});
  INFO(status.out << status.err);
  CHECK(status.out.find("[X] " + file) != std::string::npos);
  CHECK(status.out.find("Applied: 1") != std::string::npos);
  CHECK(status.out.find("Pending: 0") != std::string::npos);
  const std::string before_up = snapshot_sql(cluster, db);
  CHECK(dbmate(cluster, db, dir, {"up"}).exit_code == 0);
  CHECK(snapshot_sql(cluster, db) == before_up);  // nothing was applied

  // A new migration on top.
  std::ofstream(dir.migrations() + "/29990101000000_add_nickname.sql")
      << "-- migrate:up\nALTER TABLE public.users ADD COLUMN nickname text;\n"
         "-- migrate:down\nALTER TABLE public.users DROP COLUMN nickname;\n";
  CHECK(dbmate(cluster, db, dir, {"up"}).exit_code == 0);
  CHECK(dbmate(cluster, db, dir, {"status"}).out.find("Applied: 2") != std::string::npos);
  // Running baseline again later still recognises the rescue.
  const auto again = baseline(cluster, db, dir);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("already baselined") != std::string::npos);

  // Rolling back the baseline fails with pgdrift's explanation and changes nothing.
  CHECK(dbmate(cluster, db, dir, {"rollback"}).exit_code == 0);  // the new migration
  const std::string before_rollback = snapshot_sql(cluster, db);
  const auto rollback = dbmate(cluster, db, dir, {"rollback"});
  CHECK(rollback.exit_code != 0);
  CHECK(rollback.err.find("cannot be rolled back") != std::string::npos);
  CHECK(snapshot_sql(cluster, db) == before_rollback);
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.schema_migrations") == "1");
}

TEST_CASE("dbmate up of the baseline in an empty database rebuilds the schema",
          "[baseline][dbmate]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("source");
  cluster.exec(db, kHomeMadeHistory);
  TempDir dir;
  REQUIRE(baseline(cluster, db, dir).exit_code == 0);
  const std::string fresh = cluster.create_database("fresh");
  const auto up = dbmate(cluster, fresh, dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  // Same schema outside the tracking tables.
  cluster.exec(db, "DROP TABLE public.schema_migrations, public.schema_migrations_legacy");
  cluster.exec(fresh, "DROP TABLE public.schema_migrations");
  require_same_schema(cluster, db, fresh);
}

}  // namespace pgdrift::test

namespace pgdrift::test {
namespace {

// The mission's database: 120 tables built over three months, 19 tracked migrations in a
// home-made table, then dozens of changes made by hand that no migration explains.
std::string mission_schema() {
  std::string sql = R"sql(
    CREATE TABLE public.schema_migrations (
      id serial PRIMARY KEY, filename text NOT NULL UNIQUE, checksum char(64) NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now());
    INSERT INTO public.schema_migrations (filename, checksum, applied_at)
      SELECT format('%s_migration_%s.sql', 20240100000000 + g, g), encode(sha256(g::text::bytea), 'hex'),
             timestamptz '2024-01-01' + g * interval '3 days'
      FROM generate_series(1, 19) g;
    CREATE SCHEMA billing;
  )sql";
  auto table = [](int i) { return (i % 4 == 0 ? "billing.t" : "public.t") + std::to_string(i); };
  for (int i = 0; i < 120; ++i) {
    // Every table but the first refers to an earlier one.
    const std::string parent = i == 0 ? "" : table(i < 3 ? 0 : 1 + i % 2);
    sql += "CREATE TABLE " + table(i) +
           " (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY," +
           " name text NOT NULL, amount numeric(12,2) DEFAULT 0, created_at timestamptz DEFAULT "
           "now()" +
           (parent.empty() ? "" : ", parent_id bigint REFERENCES " + parent + " (id)") + ");\n";
  }
  // The untracked changes, applied by hand over SSH.
  for (int i = 1; i < 40; ++i) {
    const std::string t = table(i);
    sql += "ALTER TABLE " + t + " ADD COLUMN note_" + std::to_string(i) + " text;\n";
    if (i % 3 == 0) sql += "CREATE INDEX ON " + t + " (name);\n";
  }
  sql += R"sql(
    CREATE FUNCTION public.total(bigint) RETURNS numeric LANGUAGE sql STABLE
      AS $$ SELECT coalesce(sum(amount), 0) FROM public.t1 WHERE parent_id = $1 $$;
    CREATE VIEW public.big_spenders AS SELECT id, public.total(id) FROM public.t2 WHERE public.total(id) > 100;
    CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.created_at := now(); RETURN NEW; END$$;
    CREATE TRIGGER t5_touch BEFORE UPDATE ON public.t5 FOR EACH ROW EXECUTE FUNCTION public.touch();
  )sql";
  return sql;
}

}  // namespace

TEST_CASE("the mission: a 120-table database with 19 tracked migrations is rescued",
          "[baseline][mission]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("mission");
  cluster.exec(db, mission_schema());
  const std::string history = cluster.query_value(
      db,
      "SELECT string_agg(concat_ws('|', id, filename, checksum, applied_at), ',' ORDER BY id) "
      "FROM public.schema_migrations");
  TempDir dir;
  const auto result = baseline(cluster, db, dir);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("(19 rows kept)") != std::string::npos);
  CHECK(
      cluster.query_value(
          db,
          "SELECT string_agg(concat_ws('|', id, filename, checksum, applied_at), ',' ORDER BY id) "
          "FROM public.schema_migrations_legacy") == history);
  const auto status = dbmate(cluster, db, dir, {"status"});
  CHECK(status.out.find("Applied: 1") != std::string::npos);
  CHECK(status.out.find("Pending: 0") != std::string::npos);
  const std::string text = read_text(dir.migrations() + "/" + dir.files().front());
  CHECK(text.find("note_39 text") != std::string::npos);
  CHECK(text.find("CREATE VIEW public.big_spenders") != std::string::npos);
}

TEST_CASE("golang-migrate's tracking table is a legacy table", "[baseline]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("golang");
  cluster.exec(db,
               "CREATE TABLE public.schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty "
               "boolean NOT NULL);"
               "INSERT INTO public.schema_migrations VALUES (7, false);"
               "CREATE TABLE public.t (id integer);");
  TempDir dir;
  const auto r = baseline(cluster, db, dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(cluster.query_value(
            db, "SELECT version || ' ' || dirty FROM public.schema_migrations_legacy") ==
        "7 false");
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.schema_migrations") == "1");
}

// Interrupt a baseline at points where it waits on a lock the test holds: during the
// catalog read, at the advisory lock, and at the legacy table's rename (inside the
// transaction). Killing the process (SIGKILL) or its server session
// (pg_terminate_backend) must leave the database and the folder as they were.
TEST_CASE("a baseline killed at any point leaves everything as it was", "[baseline][crash]") {
  auto& cluster = TestCluster::shared();
  struct Point {
    const char* name;
    const char* hold;  // what the test holds so that pgdrift waits there
  };
  const Point points[] = {
      {"catalog read", "BEGIN; LOCK TABLE pg_catalog.pg_event_trigger IN ACCESS EXCLUSIVE MODE"},
      {"advisory lock", "SELECT pg_advisory_lock(hashtext('pgdrift baseline'))"},
      {"legacy rename", "BEGIN; LOCK TABLE public.schema_migrations IN ACCESS SHARE MODE"},
  };
  for (const auto& point : points) {
    for (const bool terminate_session : {false, true}) {
      DYNAMIC_SECTION(
          point.name << (terminate_session ? ", server session terminated" : ", process killed")) {
        const std::string db = cluster.create_database("crash");
        cluster.exec(db, kHomeMadeHistory);
        TempDir dir;
        const std::string before = snapshot_sql(cluster, db);
        auto holder = std::make_unique<HeldSession>(cluster, db, point.hold);
        std::atomic<int> pid{0};
        ProcessOptions options;
        options.on_start = [&](int p) { pid = p; };
        auto run = std::async(std::launch::async, [&] {
          // connect_timeout: on a CI machine whose two cores are busy, pgdrift's first
          // connection to this new database once took longer than the default 10 s (on
          // PostgreSQL 12, session 11), and the test saw it end instead of wait.
          return run_pgdrift({"baseline", "--url", cluster.conninfo(db) + " connect_timeout=60",
                              "--migrations-dir", dir.migrations(), "--lock-timeout", "60s"},
                             options);
        });
        REQUIRE(pgdrift_waits(
            cluster, run,
            "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'pgdrift' "
            "AND wait_event_type IN ('Lock', 'advisory') AND datname = '" +
                db + "'"));
        const auto result = stop_pgdrift(cluster, db, run, pid, terminate_session, holder);
        CHECK(result.exit_code != 0);
        if (terminate_session) CHECK(result.exit_code == 2);
        CHECK(snapshot_sql(cluster, db) == before);
        CHECK(cluster.query_value(db, "SELECT count(*) FROM public.schema_migrations") == "19");
        CHECK(dir.files().empty());
        // And a rerun completes the rescue.
        CHECK(baseline(cluster, db, dir).exit_code == 0);
        CHECK(dir.files().size() == 1);
      }
    }
  }
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("a baseline the role may not make fails cleanly", "[baseline][bad-input]") {
  auto& cluster = TestCluster::shared();
  ensure_role(cluster, "pgdrift_limited", "LOGIN");
  const std::string db = cluster.create_database("noperm");
  cluster.exec(db, kHomeMadeHistory);
  cluster.exec(db, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO pgdrift_limited");
  TempDir dir;
  const std::string before = snapshot_sql(cluster, db);
  // It may read everything but owns nothing: renaming the legacy table is refused.
  const auto r = run_pgdrift({"baseline", "--url", cluster.conninfo(db, "pgdrift_limited"),
                              "--migrations-dir", dir.migrations()});
  check_trouble(r, "must be owner");
  CHECK(snapshot_sql(cluster, db) == before);
  CHECK(!std::filesystem::exists(dir.migrations()));  // not even the folder
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("dbmate's tracking table is created exactly as dbmate creates it", "[baseline][dbmate]") {
  auto& cluster = TestCluster::shared();
  // dbmate creates its table on the first `up`.
  const std::string by_dbmate = cluster.create_database("bydbmate");
  TempDir first_dir;
  std::filesystem::create_directories(first_dir.migrations());
  std::ofstream(first_dir.migrations() + "/20240101000000_noop.sql")
      << "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n";
  REQUIRE(dbmate(cluster, by_dbmate, first_dir, {"up"}).exit_code == 0);
  const std::string by_pgdrift = cluster.create_database("bypgdrift");
  cluster.exec(by_pgdrift, "CREATE TABLE public.t (id integer)");
  TempDir dir;
  REQUIRE(baseline(cluster, by_pgdrift, dir).exit_code == 0);
  auto table_dump = [&](const std::string& db) {
    auto r = run_process({cluster.client_bindir() + "/pg_dump", "--schema-only", "--restrict-key=k",
                          "-t", "public.schema_migrations", "-d", cluster.conninfo(db)});
    REQUIRE(r.exit_code == 0);
    return r.out;
  };
  if (cluster.pg_dump_can_referee()) CHECK(table_dump(by_pgdrift) == table_dump(by_dbmate));
  // On every major (pg_dump 15 cannot dump newer servers): the catalog's own account of
  // the table, its columns, constraints, indexes and owner.
  auto table_shape = [&](const std::string& db) {
    return cluster.query_value(
        db,
        "SELECT concat_ws(E'\\n', "
        "(SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' || "
        "attnotnull, ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
        "'public.schema_migrations'::regclass AND attnum > 0 AND NOT attisdropped), "
        "(SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ', ' ORDER BY conname) "
        "FROM pg_constraint WHERE conrelid = 'public.schema_migrations'::regclass), "
        "(SELECT string_agg(pg_get_indexdef(indexrelid), ', ' ORDER BY indexrelid::regclass::text) "
        "FROM pg_index WHERE indrelid = 'public.schema_migrations'::regclass), "
        "(SELECT relowner::regrole::text FROM pg_class WHERE oid = "
        "'public.schema_migrations'::regclass))");
  };
  INFO(table_shape(by_dbmate));
  CHECK(!table_shape(by_dbmate).empty());
  CHECK(table_shape(by_pgdrift) == table_shape(by_dbmate));
}

TEST_CASE("a lock held on the legacy table makes the transaction give up cleanly",
          "[baseline][bad-input]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("locked");
  cluster.exec(db, kHomeMadeHistory);
  TempDir dir;
  const std::string before = snapshot_sql(cluster, db);
  HeldSession reader(cluster, db,
                     "BEGIN; LOCK TABLE public.schema_migrations IN ACCESS SHARE MODE");
  check_trouble(baseline(cluster, db, dir, {"--lock-timeout", "300ms"}), "lock timeout");
  CHECK(dir.files().empty());
  CHECK(snapshot_sql(cluster, db) == before);
}

TEST_CASE("an unapplied baseline left by an interrupted run is replaced", "[baseline][crash]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("leftover");
  cluster.exec(db, kHomeMadeHistory);
  TempDir dir;
  // What a run killed after putting its file in place but before COMMIT leaves behind.
  std::filesystem::create_directories(dir.migrations());
  std::ofstream(dir.migrations() + "/20200101000000_baseline.sql")
      << "-- pgdrift baseline 20200101000000\n-- migrate:up\n-- migrate:down\n";
  const auto r = baseline(cluster, db, dir);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("removed " + dir.migrations() + "/20200101000000_baseline.sql") !=
        std::string::npos);
  REQUIRE(dir.files().size() == 1);
  CHECK(dir.files().front() != "20200101000000_baseline.sql");
  CHECK(cluster.query_value(db, "SELECT version FROM public.schema_migrations") + "_baseline.sql" ==
        dir.files().front());
}

TEST_CASE("defaults follow dbmate's environment variables", "[baseline][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("envdefaults");
  cluster.exec(db, "CREATE TABLE public.t (id integer)");
  TempDir dir;
  ProcessOptions env;
  env.env["DATABASE_URL"] = cluster.url(db);
  env.env["DBMATE_MIGRATIONS_DIR"] = dir.path + "/custom";
  env.env["DBMATE_MIGRATIONS_TABLE"] = "migrations_done";
  const auto r = run_pgdrift({"baseline"}, env);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(std::filesystem::exists(dir.path + "/custom"));
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.migrations_done") == "1");
}

}  // namespace pgdrift::test
