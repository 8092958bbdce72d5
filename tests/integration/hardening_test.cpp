// Issue 17: bad input and faults found by a hostile but realistic user. Each case is the
// reproduction as it was reported; every one failed before its fix.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

// Every file under \a dir, read whole (reports, stores, anything pgdrift left there).
std::string all_files_text(const std::string& dir) {
  std::string out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) out += read_text(it->path().string());
  }
  return out;
}

void check_one_line_trouble(const ProcessResult& r, const std::string& fragment) {
  check_trouble(r, fragment);
}

// `check` of \a db against \a dir's migrations, recording nothing, must find nothing.
void require_clean_check(const TestCluster& cluster, const std::string& db, const TempDir& dir) {
  const auto check = run_pgdrift({"check", "--url", cluster.conninfo(db), "--migrations-dir",
                                  dir.migrations(), "--store", "", "--report-dir", ""});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}

}  // namespace

// The sanitizer test (tests/sanitize/run.sh) runs this program with PGDRIFT_TEST_BINARY
// naming the sanitizer build's pgdrift: prove that the pgdrift it starts is that one, as
// AddressSanitizer's runtime lists its flags at start-up when asked to.
TEST_CASE("the sanitizer run starts the sanitizer build's pgdrift", "[cli]") {
  ProcessOptions options;
  options.env["ASAN_OPTIONS"] = "help=1";
  const auto result = run_pgdrift({"--version"}, options);
  const bool sanitized =
      result.err.find("Available flags for AddressSanitizer") != std::string::npos;
  // Outside the sanitizer run the pgdrift under test is this build's, which has no
  // sanitizer runtime (a sanitized main build would make every timing in CI meaningless).
  CHECK(sanitized == (std::getenv("PGDRIFT_TEST_BINARY") != nullptr));
}

TEST_CASE("issue 17.1: check --shadow auto, the documented default, runs",
          "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "shadow_auto");
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--shadow", "auto"}, {"--shadow=auto"}}) {
    const auto r = checked.check(extra);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
  }
  check_one_line_trouble(
      checked.check({"--shadow", "auto", "--shadow-url", cluster.url("postgres")}),
      "--shadow-url excludes --shadow");
}

TEST_CASE("issue 17.2: no part of a password in any message, report or store",
          "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "secrets");
  // The marker password Zq7Mark, broken in a different place each time.
  const std::vector<std::string> malformed = {
      "postgres://u:Zq7Mark%zz@host/db",
      "postgres://u@host/db?password=Zq7Mark%zz",
      "postgres://u@host/db?password=Zq7Mark%00",
      "postgres://u@host/db?password=Zq7Mark=more",
      "postgres://u:Zq7Mark@[::1/db",
      "host=h password='Zq7Mark",
      "host=h password=Zq7 Mark",
      "host=h password=Zq7Mark Zq7Mark=1",
  };
  const std::string good = cluster.conninfo(checked.db);
  const std::string dir = checked.dir.path;
  const std::string migrations = checked.dir.migrations();
  int runs = 0;
  for (const auto& url : malformed) {
    ProcessOptions in_dir;
    in_dir.cwd = dir;
    ProcessOptions by_env = in_dir;
    by_env.env["DATABASE_URL"] = url;
    const std::vector<std::pair<std::vector<std::string>, ProcessOptions>> commands = {
        {{"snapshot", "--url", url}, in_dir},
        {{"snapshot"}, by_env},
        {{"check", "--url", url, "--migrations-dir", migrations}, in_dir},
        {{"check", "--migrations-dir", migrations}, by_env},
        {{"status", "--url", url, "--migrations-dir", migrations}, in_dir},
        {{"gate", "--url", url, "--migrations-dir", migrations}, in_dir},
        {{"baseline", "--url", url, "--migrations-dir", dir + "/new", "--dry-run"}, in_dir},
        {{"diff", url, good}, in_dir},
        {{"diff", good, url}, in_dir},
        {{"check", "--url", good, "--migrations-dir", migrations, "--shadow-url", url,
          "--no-cache"},
         in_dir},
    };
    for (const auto& [args, options] : commands) {
      INFO(url << " with " << args.front() << " " << args.size());
      const auto r = run_pgdrift(args, options);
      ++runs;
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("Zq7") == std::string::npos);
      CHECK(r.err.find("Mark") == std::string::npos);
      CHECK(r.out.find("Zq7") == std::string::npos);
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
  }
  CHECK(runs == 80);
  const std::string left = all_files_text(dir);
  CHECK(left.find("Zq7") == std::string::npos);
  CHECK(left.find("Mark") == std::string::npos);
}

TEST_CASE("issue 17.3: standard output that cannot be written is trouble, not exit 0",
          "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "full");
  const std::string url = cluster.conninfo(checked.db);
  const std::string migrations = checked.dir.migrations();
  ProcessOptions in_dir;
  in_dir.cwd = checked.dir.path;
  REQUIRE(checked.check().exit_code == 0);  // a store for history
  const std::string untracked = cluster.create_database("full_untracked");
  cluster.exec(untracked, "CREATE TABLE public.t (id integer)");
  const std::vector<std::vector<std::string>> commands = {
      {"snapshot", "--url", url},
      {"snapshot", "--url", url, "--format", "json"},
      {"status", "--url", url, "--migrations-dir", migrations},
      {"history"},
      {"check", "--url", url, "--migrations-dir", migrations},
      {"baseline", "--url", cluster.conninfo(untracked), "--migrations-dir",
       checked.dir.path + "/other", "--dry-run"},
      {"--help"},
  };
  for (const auto& args : commands) {
    INFO(args.front());
    const auto full = run_pgdrift_redirected(">/dev/full", args, in_dir);
    check_one_line_trouble(full, "cannot write to standard output: No space left on device");
    const auto closed = run_pgdrift_redirected(">&-", args, in_dir);
    check_one_line_trouble(closed, "standard output is closed");
    // A reader that stops early is no error worth a message.
    const auto head = run_pgdrift_redirected("| head -c 1 >/dev/null", args, in_dir);
    CHECK(head.err.empty());
  }
}

TEST_CASE("issue 17.4: text that looks like dbmate's markers still makes a baseline dbmate runs",
          "[hardening][dbmate]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("markers");
  cluster.exec(db, R"sql(
    CREATE FUNCTION public.tricky() RETURNS text LANGUAGE plpgsql AS $body$
    BEGIN
      RETURN 'it''s \ fine';
-- migrate:down
    END
    $body$;
    CREATE TABLE public.notes (
      body text DEFAULT E'first\n--migrate:down x\nlast',
      id integer);
    COMMENT ON TABLE public.notes IS E'keep\n-- migrate:up\n-- migrate:down\n';
    CREATE VIEW public.marker_view AS SELECT E'v\n-- migrate:down'::text AS v;
  )sql");
  if (cluster.server_major() >= 14) {  // SQL-standard bodies came with 14
    cluster.exec(db, R"sql(
      CREATE FUNCTION public.sql_tricky() RETURNS text LANGUAGE sql
        BEGIN ATOMIC SELECT E'a\n-- migrate:up\nb' AS t; END;
    )sql");
  }
  TempDir dir;
  const auto baseline = run_pgdrift(
      {"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()});
  INFO(baseline.out << baseline.err);
  REQUIRE(baseline.exit_code == 0);
  REQUIRE(dir.files().size() == 1);
  const auto status = dbmate(cluster, db, dir, {"status"});
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("Applied: 1") != std::string::npos);
  CHECK(status.out.find("Pending: 0") != std::string::npos);
  // The real dbmate builds the same schema from it in an empty database.
  const std::string replayed = cluster.create_database("markers_replayed");
  const auto up = dbmate(cluster, replayed, dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(cluster.query_value(replayed, "SELECT public.tricky()") == "it's \\ fine");
  CHECK(cluster.query_value(replayed, "SELECT obj_description('public.notes'::regclass)") ==
        "keep\n-- migrate:up\n-- migrate:down\n");
  const auto diff = run_pgdrift({"diff", cluster.conninfo(db), cluster.conninfo(replayed)});
  INFO(diff.out << diff.err);
  CHECK(diff.exit_code == 0);
  // check replays it too, and finds nothing.
  require_clean_check(cluster, db, dir);
}

TEST_CASE("issue 17.4: a name holding a marker line is refused before anything is recorded",
          "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("marker_name");
  cluster.exec(db, "CREATE TABLE public.\"odd\n-- migrate:down now\" (id integer)");
  TempDir dir;
  const auto r = run_pgdrift(
      {"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()});
  check_one_line_trouble(r, "rename it first");
  CHECK(dir.files().empty());
  CHECK(cluster.query_value(db, "SELECT to_regclass('public.schema_migrations') IS NULL") == "t");
}

// Ctrl-C (or SIGTERM) while the baseline's transaction waits: in a COMMIT made slow by a
// deferred constraint trigger, and on a lock inside the transaction. The database and the
// folder must agree, and the message must say what is true.
TEST_CASE("issue 17.5: an interrupted baseline keeps neither its file nor its version",
          "[hardening][baseline][workflow]") {
  auto& cluster = TestCluster::shared();
  struct Point {
    const char* name;
    const char* setup;  // after the dbmate table and the slow trigger exist
    const char* hold;   // what a second session holds meanwhile ("" for nothing)
    const char* wait;   // the pgdrift session's state to interrupt in
  };
  const Point points[] = {
      {"slow COMMIT", "", "", "query = 'COMMIT' AND wait_event = 'PgSleep'"},
      {"lock inside the transaction",
       "CREATE TABLE public.flyway_schema_history (installed_rank integer PRIMARY KEY)",
       "BEGIN; LOCK TABLE public.flyway_schema_history IN ACCESS SHARE MODE",
       "wait_event_type = 'Lock'"},
  };
  for (const auto& point : points) {
    for (const int sig : {SIGINT, SIGTERM}) {
      DYNAMIC_SECTION(point.name << (sig == SIGINT ? ", SIGINT" : ", SIGTERM")) {
        const std::string db = cluster.create_database("interrupt");
        cluster.exec(db, R"sql(
          CREATE TABLE public.schema_migrations (version varchar PRIMARY KEY);
          CREATE FUNCTION public.slow() RETURNS trigger LANGUAGE plpgsql
            AS $$BEGIN PERFORM pg_sleep(30); RETURN NULL; END$$;
          CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON public.schema_migrations
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.slow();
        )sql");
        if (*point.setup) cluster.exec(db, point.setup);
        std::unique_ptr<HeldSession> holder;
        if (*point.hold) holder = std::make_unique<HeldSession>(cluster, db, point.hold);
        TempDir dir;
        std::vector<std::string> args{
            "baseline",       "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations(),
            "--lock-timeout", "60s"};
        if (*point.hold) {
          args.insert(args.end(), {"--legacy-table", "public.flyway_schema_history"});
        }
        std::atomic<int> pid{0};
        ProcessOptions options;
        options.on_start = [&](int p) { pid = p; };
        auto run = std::async(std::launch::async, [&] { return run_pgdrift(args, options); });
        REQUIRE(wait_until(cluster, "postgres",
                           "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = "
                           "'pgdrift' AND datname = '" +
                               db + "' AND " + point.wait));
        kill(pid, sig);
        const auto result = run.get();
        holder.reset();
        check_one_line_trouble(result, "interrupted: the transaction was rolled back");
        CHECK(dir.files().empty());
        CHECK(!fs::exists(dir.migrations()));
        CHECK(cluster.query_value(db, "SELECT count(*) FROM public.schema_migrations") == "0");
        CHECK(cluster.query_value(db,
                                  "SELECT count(*) FROM pg_class WHERE relname = "
                                  "'flyway_schema_history_legacy'") == "0");
      }
    }
  }
}

// After COMMIT the baseline is whole; Ctrl-C while its report is printed must not say
// "nothing was written". Standard output is a pipe filled beforehand and never read, so
// pgdrift waits in its first write, after the commit, for as long as the test needs.
TEST_CASE("issue 17.5: an interrupt after baseline's commit says the work is complete",
          "[hardening][baseline][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("interrupt_after");
  cluster.exec(db, "CREATE TABLE public.t (id integer)");
  TempDir dir;
  std::atomic<int> pid{0};
  ProcessOptions options;
  options.on_start = [&](int p) { pid = p; };
  auto run = std::async(std::launch::async, [&] {
    return run_pgdrift_in_shell(
        R"({ head -c 65536 /dev/zero; exec "$@"; } > >(exec sleep 60 >/dev/null 2>&1))",
        {"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()}, options);
  });
  // dbmate's table is made and the version recorded in the one transaction: once the
  // table is visible, COMMIT is done on the server. Give pgdrift the moment it needs to
  // reach its blocked write.
  REQUIRE(wait_until(cluster, db, "SELECT to_regclass('public.schema_migrations') IS NOT NULL"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGINT);
  const auto result = run.get();
  check_one_line_trouble(result, "interrupted after its changes were committed");
  CHECK(result.err.find("nothing was written") == std::string::npos);
  CHECK(dir.files().size() == 1);
  const auto again = run_pgdrift(
      {"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("already baselined") != std::string::npos);
}

// check --shadow-url stopped at moments from before its first CREATE DATABASE to the middle
// of the replay, by Ctrl-C or SIGKILL; its shadow server stopped mid-replay; and what
// killed runs left in earlier days.
TEST_CASE("issue 17.6: --shadow-url leaves no shadow database behind, or names it",
          "[hardening][check]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "leftovers");
  app.dir.write("20990101000009_slow.sql",
                "-- migrate:up\nSELECT pg_sleep(60);\n-- migrate:down\n");
  cluster.exec(app.db, "INSERT INTO public.schema_migrations VALUES ('20990101000009')");
  TestCluster server;  // the --shadow-url server, apart from the shared one
  const std::string count_shadows =
      "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgdrift\\_shadow\\_%'";
  const std::vector<std::string> shadow_url = {
      "--shadow-url", server.url("postgres"), "--no-cache", "--store", "", "--report-dir", ""};

  // Each stop: what the server must show before the signal ("" for none), or a delay.
  struct Stop {
    const char* moment;
    const char* server_shows;
    int delay_ms;
  };
  const Stop stops[] = {
      {"once its shadow database exists",
       "SELECT count(*) > 0 FROM pg_database WHERE datname "
       "LIKE 'pgdrift\\_shadow\\_%'",
       0},
      {"in the middle of the replay",
       "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event = 'PgSleep'", 0},
      // Moments in between, found by time: the read, the shadow's creation, the baseline's
      // load (which ones a delay hits depends on the machine; each must be clean).
      {"after 100 ms", "", 100},
      {"after 250 ms", "", 250},
      {"after 400 ms", "", 400},
      {"after 550 ms", "", 550},
  };
  SECTION("killed at any moment") {
    for (const auto& stop : stops) {
      for (const int sig : {SIGINT, SIGKILL}) {
        INFO((sig == SIGKILL ? "SIGKILL " : "SIGINT ") << stop.moment);
        std::atomic<int> pid{0};
        ProcessOptions options;
        options.on_start = [&](int p) { pid = p; };
        auto run = std::async(std::launch::async, [&] { return app.check(shadow_url, options); });
        while (pid == 0) usleep(1000);
        if (*stop.server_shows) {
          CHECK(wait_until(server, "postgres", stop.server_shows));
        } else {
          usleep(stop.delay_ms * 1000);
        }
        kill(pid, sig);
        // The run's stderr stays open until its cleanup watcher is done.
        const auto result = run.get();
        CHECK(result.exit_code != 0);
        CHECK(server.query_value("postgres", count_shadows) == "0");
        CHECK(result.err.find("could not drop") == std::string::npos);
      }
    }
  }
  SECTION("its shadow server stops mid-replay") {
    TestCluster doomed;
    std::atomic<int> pid{0};
    auto run = std::async(std::launch::async, [&] {
      return app.check({"--shadow-url", doomed.url("postgres"), "--no-cache", "--store", "",
                        "--report-dir", ""});
    });
    REQUIRE(wait_until(doomed, "postgres",
                       "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event = 'PgSleep'"));
    doomed.kill_server();
    const auto result = run.get();
    INFO(result.err);
    CHECK(result.exit_code == 2);
    CHECK(
        result.err.find("pgdrift: warning: could not drop the shadow databases pgdrift_shadow_") !=
        std::string::npos);
    CHECK(result.err.find("drop them by hand") != std::string::npos);
  }
  SECTION("a later run drops marked leftovers older than a day, and only those") {
    for (const char* sql :
         {"CREATE DATABASE pgdrift_shadow_0123456789ab_1",
          "COMMENT ON DATABASE pgdrift_shadow_0123456789ab_1 IS 'pgdrift shadow database, "
          "created 2020-01-02T03:04:05Z; pgdrift drops it at the end of its run'",
          "CREATE DATABASE pgdrift_shadow_fedcba987654_1",
          "COMMENT ON DATABASE pgdrift_shadow_fedcba987654_1 IS 'pgdrift shadow database, "
          "created 2999-01-01T00:00:00Z; pgdrift drops it at the end of its run'",
          "CREATE DATABASE pgdrift_shadow_unmarked_1"}) {
      server.exec("postgres", sql);
    }
    cluster.exec(app.db, "DELETE FROM public.schema_migrations WHERE version = '20990101000009'");
    const auto result = app.check(shadow_url);
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("dropped pgdrift_shadow_0123456789ab_1, a shadow database that an "
                          "interrupted pgdrift run left on this server at "
                          "2020-01-02T03:04:05Z") != std::string::npos);
    CHECK(server.query_value("postgres",
                             "SELECT string_agg(datname, ' ' ORDER BY datname) FROM "
                             "pg_database WHERE datname LIKE 'pgdrift%'") ==
          "pgdrift_shadow_fedcba987654_1 pgdrift_shadow_unmarked_1");
  }
}

TEST_CASE("issue 17.7: --name is one file name part", "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("names");
  TempDir dir;
  for (const std::string name : {"x\ny", "../../x", "a b", "", "x/y"}) {
    for (const bool dry_run : {true, false}) {
      std::vector<std::string> args{
          "baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations(),
          "--name",   name};
      if (dry_run) args.push_back("--dry-run");
      check_one_line_trouble(run_pgdrift(args), "--name must be");
    }
  }
  CHECK(!fs::exists(dir.migrations()));
  CHECK(cluster.query_value(db, "SELECT to_regclass('public.schema_migrations') IS NULL") == "t");
}

TEST_CASE("issue 17.8: a migrations folder that does not exist is trouble, not drift",
          "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "nodir");
  const std::string url = cluster.conninfo(checked.db);
  const std::string typo = checked.dir.path + "/db/migratoins";
  ProcessOptions in_dir;
  in_dir.cwd = checked.dir.path;
  for (const std::string command : {"check", "status", "gate"}) {
    INFO(command);
    check_one_line_trouble(run_pgdrift({command, "--url", url, "--migrations-dir", typo}, in_dir),
                           "the migrations directory " + typo + " does not exist");
  }
}

TEST_CASE("issue 17.9: dbmate's table with an extra column is dbmate's table",
          "[hardening][dbmate][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("extra_column");
  cluster.exec(db,
               "CREATE TABLE public.schema_migrations (version varchar(128) PRIMARY KEY, "
               "applied_by text NOT NULL DEFAULT 'x');"
               "CREATE TABLE public.t (id integer)");
  TempDir dir;
  const auto baseline = run_pgdrift(
      {"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()});
  INFO(baseline.out << baseline.err);
  REQUIRE(baseline.exit_code == 0);
  CHECK(baseline.out.find("renamed") == std::string::npos);
  CHECK(cluster.query_value(db,
                            "SELECT count(*) || ' ' || min(applied_by) FROM "
                            "public.schema_migrations") == "1 x");
  const auto dbmate_status = dbmate(cluster, db, dir, {"status"});
  CHECK(dbmate_status.out.find("Applied: 1") != std::string::npos);
  const auto status = run_pgdrift({"status", "--url", cluster.conninfo(db), "--migrations-dir",
                                   dir.migrations(), "--store", ""});
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);
  require_clean_check(cluster, db, dir);
}

TEST_CASE("issue 17.10: what matches nothing, or is not what it should be, is said",
          "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "silent");
  const std::string url = cluster.conninfo(checked.db);
  SECTION("--schema naming no schema") {
    check_one_line_trouble(run_pgdrift({"snapshot", "--url", url, "--schema", "nosuch"}),
                           "no schema named with --schema exists");
    const auto some =
        run_pgdrift({"snapshot", "--url", url, "--schema", "public", "--schema", "nosuch"});
    CHECK(some.exit_code == 0);
    CHECK(some.err.find("--schema nosuch: there is no such schema") != std::string::npos);
    CHECK(some.out.find("CREATE TABLE public.orders") != std::string::npos);
    // In check a missing schema may be drift (dropped by hand): said, never refused.
    const auto check = checked.check({"--schema", "nosuch"});
    CHECK(check.exit_code == 0);
    CHECK(check.err.find("--schema nosuch: there is no such schema") != std::string::npos);
  }
  SECTION("--from with --url") {
    const std::string json = write_temp_file("{}");
    check_one_line_trouble(run_pgdrift({"snapshot", "--url", url, "--from", json}), "excludes");
    fs::remove(json);
  }
  SECTION("ignore patterns") {
    check_one_line_trouble(checked.check({"--ignore", "["}), "has a '[' without its ']'");
    check_one_line_trouble(checked.check({"--ignore", "nokind:x"}), "names no kind of finding");
    CHECK(checked.check({"--ignore", "table:public.[a-z]*", "--ignore", "owner:*"}).exit_code == 0);
  }
  SECTION("a .pgdriftignore that is binary or a directory") {
    const std::string file = checked.dir.path + "/.pgdriftignore";
    std::ofstream(file, std::ios::binary) << std::string(
        "\x7f"
        "ELF\0\0\x01",
        7);
    check_one_line_trouble(checked.check(), "is not a text file of ignore patterns");
    fs::remove(file);
    fs::create_directory(file);
    check_one_line_trouble(checked.check(), "is not a file of ignore patterns");
    fs::remove(file);
  }
}

TEST_CASE("issue 17.11: no file where nothing should be", "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  TempDir dir;
  ProcessOptions in_dir;
  in_dir.cwd = dir.path;
  fs::create_directories(dir.migrations());
  const auto r = run_pgdrift({"check", "--url", cluster.conninfo("no_such_database"),
                              "--migrations-dir", dir.migrations()},
                             in_dir);
  check_one_line_trouble(r, "does not exist");
  CHECK(!fs::exists(dir.path + "/reports"));

  const std::string empty = dir.path + "/empty.sqlite3";
  std::ofstream(empty).close();
  check_one_line_trouble(run_pgdrift({"history", "--store", empty}), "is an empty file");
  CHECK(fs::file_size(empty) == 0);
}

TEST_CASE("issue 17.12: messages say what to do, on one line", "[hardening][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "messages");
  const std::string url = cluster.conninfo(checked.db);
  const std::string migrations = checked.dir.migrations();
  SECTION("parse errors") {
    const auto limit = run_pgdrift({"history", "--limit", "0"});
    check_one_line_trouble(limit, "--limit");
    CHECK(limit.err.size() < 200);
    check_one_line_trouble(run_pgdrift({"frobnicate"}), "unknown command 'frobnicate'");
    check_one_line_trouble(run_pgdrift({"snapshot", "--format", "xml"}),
                           "run 'pgdrift snapshot --help' for usage");
  }
  SECTION("sources that are files") {
    check_one_line_trouble(run_pgdrift({"diff", "nosuch.json", url}),
                           "cannot read nosuch.json: no such file");
    check_one_line_trouble(run_pgdrift({"snapshot", "--from", checked.dir.path}),
                           "it is a directory");
  }
  SECTION("names PostgreSQL would cut or does not know") {
    check_one_line_trouble(run_pgdrift({"status", "--url", url, "--migrations-dir", migrations,
                                        "--migrations-table", std::string(100, 'm')}),
                           "63-byte limit");
    check_one_line_trouble(checked.check({"--migration-role", "nobody_here"}),
                           "--migration-role nobody_here is not a role of");
  }
  SECTION("a tracking table locked by a running migration") {
    HeldSession migration(cluster, checked.db,
                          "BEGIN; LOCK TABLE public.schema_migrations IN ACCESS EXCLUSIVE MODE");
    ProcessOptions in_dir;
    in_dir.cwd = checked.dir.path;
    for (const std::string command : {"check", "status", "gate"}) {
      INFO(command);
      const auto r = run_pgdrift(
          {command, "--url", url, "--migrations-dir", migrations, "--lock-timeout", "200ms"},
          in_dir);
      check_one_line_trouble(r, "public.schema_migrations");
      CHECK(r.err.find("--lock-timeout") != std::string::npos);
    }
  }
  SECTION("baseline by a role that may only read") {
    ensure_role(cluster, "drift_readonly", "LOGIN");
    const std::string fresh = cluster.create_database("readonly_rescue");
    cluster.exec(fresh,
                 "CREATE TABLE public.t (id integer); REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    TempDir dir;
    const auto r = run_pgdrift({"baseline", "--url", cluster.conninfo(fresh, "drift_readonly"),
                                "--migrations-dir", dir.migrations()});
    check_one_line_trouble(r, "cannot record the baseline as role drift_readonly");
    CHECK(dir.files().empty());
  }
}

}  // namespace pgdrift::test
