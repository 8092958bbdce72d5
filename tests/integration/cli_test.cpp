// The command-line contract: help, version, where the connection comes from, and bad
// input — each problem one sentence on stderr, exit code 2, nothing written.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "dbmate_fixture.h"
#include "round_trip.h"
#include "store/history_store.h"
#include "util/atomic_file.h"

namespace pgdrift::test {
namespace {

std::string temp_dir() {
  char dir[] = "/tmp/pgdrift-cli-XXXXXX";
  REQUIRE(mkdtemp(dir));
  return dir;
}

}  // namespace

TEST_CASE("--version and --help", "[cli][workflow]") {
  const auto version = run_pgdrift({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("pgdrift ", 0) == 0);
  const auto help = run_pgdrift({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("snapshot") != std::string::npos);
  const auto snapshot_help = run_pgdrift({"snapshot", "--help"});
  CHECK(snapshot_help.exit_code == 0);
  for (const char* option : {"--url", "--output", "--format", "--schema", "--exclude-schema",
                             "--from", "--lock-timeout", "--statement-timeout", "DATABASE_URL"}) {
    INFO(option);
    CHECK(snapshot_help.out.find(option) != std::string::npos);
  }
}

TEST_CASE("usage errors exit 2", "[cli][workflow]") {
  CHECK(run_pgdrift({}).exit_code == 2);
  CHECK(run_pgdrift({"frobnicate"}).exit_code == 2);
  const auto bad_format = run_pgdrift({"snapshot", "--format", "xml"});
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.err.find("--format") != std::string::npos);
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("usage");
  check_trouble(run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "--lock-timeout", "soon"}),
                "invalid --lock-timeout value");
}

TEST_CASE("the connection comes from --url, then DATABASE_URL, then libpq's environment", "[cli]") {
  auto& cluster = TestCluster::shared();
  const std::string from_env = cluster.create_database("env");
  cluster.exec(from_env, "CREATE TABLE public.from_database_url (id integer)");
  const std::string from_flag = cluster.create_database("flag");
  cluster.exec(from_flag, "CREATE TABLE public.from_flag (id integer)");
  const std::string from_pg = cluster.create_database("pgenv");
  cluster.exec(from_pg, "CREATE TABLE public.from_pg_env (id integer)");

  ProcessOptions env;
  env.env["DATABASE_URL"] = cluster.url(from_env);
  const auto by_env = run_pgdrift({"snapshot"}, env);
  CHECK(by_env.exit_code == 0);
  CHECK(by_env.out.find("from_database_url") != std::string::npos);

  const auto flag_wins = run_pgdrift({"snapshot", "--url", cluster.url(from_flag)}, env);
  CHECK(flag_wins.out.find("from_flag") != std::string::npos);
  CHECK(flag_wins.out.find("from_database_url") == std::string::npos);

  ProcessOptions pg;
  pg.env["PGHOST"] = cluster.socket_dir();
  pg.env["PGPORT"] = std::to_string(cluster.port());
  pg.env["PGUSER"] = "postgres";
  pg.env["PGDATABASE"] = from_pg;
  const auto by_pg = run_pgdrift({"snapshot"}, pg);
  CHECK(by_pg.exit_code == 0);
  CHECK(by_pg.out.find("from_pg_env") != std::string::npos);
}

TEST_CASE("dbmate's .env reaches pgdrift; the environment beats it", "[cli][bad-input]") {
  auto& cluster = TestCluster::shared();
  const std::string from_file = cluster.create_database("dotenv");
  cluster.exec(from_file, "CREATE TABLE public.from_dotenv (id integer)");
  const std::string from_env = cluster.create_database("dotenv_env");
  cluster.exec(from_env, "CREATE TABLE public.from_environment (id integer)");
  const std::string dir = temp_dir();
  std::filesystem::create_directories(dir + "/custom/migrations");
  write_file_atomically(dir + "/.env", "# as dbmate reads it\nDATABASE_URL=\"" +
                                           cluster.url(from_file) +
                                           "\"\nexport DBMATE_MIGRATIONS_DIR=custom/migrations\n");
  ProcessOptions in_dir;
  in_dir.cwd = dir;
  in_dir.unset_env.push_back("DBMATE_MIGRATIONS_DIR");
  const auto snapshot = run_pgdrift({"snapshot"}, in_dir);
  INFO(snapshot.err);
  CHECK(snapshot.exit_code == 0);
  CHECK(snapshot.out.find("from_dotenv") != std::string::npos);
  // The migrations folder too: a baseline's dry run says where it would write.
  const auto baseline = run_pgdrift({"baseline", "--dry-run"}, in_dir);
  INFO(baseline.out << baseline.err);
  CHECK(baseline.exit_code == 0);
  CHECK((baseline.out + baseline.err).find("custom/migrations/") != std::string::npos);

  ProcessOptions env_wins = in_dir;
  env_wins.env["DATABASE_URL"] = cluster.url(from_env);
  const auto overridden = run_pgdrift({"snapshot"}, env_wins);
  CHECK(overridden.out.find("from_environment") != std::string::npos);
  CHECK(overridden.out.find("from_dotenv") == std::string::npos);

  // --env-file names another file; --no-dotenv reads none.
  write_file_atomically(dir + "/other.env", "DATABASE_URL=" + cluster.url(from_env) + "\n");
  CHECK(run_pgdrift({"snapshot", "--env-file", "other.env"}, in_dir).out.find("from_environment") !=
        std::string::npos);
  CHECK(run_pgdrift({"--no-dotenv", "snapshot"}, in_dir).out.find("from_dotenv") ==
        std::string::npos);
  check_trouble(run_pgdrift({"snapshot", "--env-file", "missing.env"}, in_dir),
                "cannot read the environment file missing.env");

  // A malformed line: one sentence naming the line, never its text, and nothing runs.
  write_file_atomically(dir + "/.env", "A=1\npostgres://app:s3cret@db/app\n");
  const auto bad = run_pgdrift({"snapshot"}, in_dir);
  check_trouble(bad, ".env line 2 is not KEY=VALUE");
  CHECK(bad.err.find("s3cret") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("on a terminal, progress is one line that updates; through a pipe, nothing",
          "[cli][dbmate]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("progress");
  TempDir dir;
  for (int i = 1; i <= 19; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "202601010000%02d_table_%d.sql", i, i);
    dir.write(name, "-- migrate:up\nCREATE TABLE public.t_" + std::to_string(i) +
                        " (id integer);\n-- migrate:down\nDROP TABLE public.t_" +
                        std::to_string(i) + ";\n");
  }
  REQUIRE(dbmate(cluster, db, dir, {"up"}).exit_code == 0);
  const std::vector<std::string> check{
      "check",        "--url", cluster.url(db), "--migrations-dir", dir.migrations(), "--store", "",
      "--report-dir", ""};
  // A pseudo-terminal (script(1) runs the command on one and copies what it shows).
  const auto shown =
      run_pgdrift_in_shell("exec script -qfec \"$(printf '%q ' \"$@\")\" /dev/null", check);
  INFO(shown.out << shown.err);
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("\rpgdrift: replaying 12/19 20260101000012_table_12.sql") !=
        std::string::npos);
  // The comparison says what it compares (the last step of a check).
  CHECK(shown.out.find(" objects of the history with ") != std::string::npos);
  // Blanked out before the report: its first line starts clean. No escape sequence (a
  // terminal without colours, or NO_COLOR, shows it right).
  CHECK(shown.out.find(" \rno differences between the history (19 applied migrations)") !=
        std::string::npos);
  CHECK(shown.out.find('\033') == std::string::npos);
  // --quiet: nothing at all when clean, on a terminal too.
  std::vector<std::string> quiet = check;
  quiet.push_back("--quiet");
  const auto silent =
      run_pgdrift_in_shell("exec script -qfec \"$(printf '%q ' \"$@\")\" /dev/null", quiet);
  CHECK(silent.exit_code == 0);
  CHECK(silent.out.empty());
  // Through a pipe: no progress, and the report as before.
  const auto piped = run_pgdrift(check);
  CHECK(piped.exit_code == 0);
  CHECK(piped.err.empty());
  CHECK(piped.out.find("\033") == std::string::npos);
}

TEST_CASE("-o writes the file atomically and keeps the old one on failure",
          "[cli][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("output");
  cluster.exec(db, "CREATE TABLE public.t (id integer)");
  const std::string dir = temp_dir();
  const std::string file = dir + "/schema.sql";
  const auto ok = run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "-o", file});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.empty());
  std::ifstream in(file);
  const std::string written{std::istreambuf_iterator<char>(in), {}};
  CHECK(written.find("CREATE TABLE public.t") != std::string::npos);

  // A failing run leaves the earlier file exactly as it was, and no temporary file.
  const auto failed =
      run_pgdrift({"snapshot", "--url", cluster.conninfo("no_such_db"), "-o", file});
  CHECK(failed.exit_code == 2);
  std::ifstream again(file);
  CHECK(std::string{std::istreambuf_iterator<char>(again), {}} == written);
  CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("bad input: one sentence, exit 2, nothing written", "[cli][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("bad");
  const std::string dir = temp_dir();
  const std::string out = dir + "/out.sql";

  SECTION("unreachable server") {
    check_trouble(run_pgdrift({"snapshot", "--url",
                               "host=/nonexistent/socket/dir port=5999 dbname=x", "-o", out}),
                  "cannot connect to");
  }
  SECTION("unreachable TCP host") {
    const auto r =
        run_pgdrift({"snapshot", "--url", "postgresql://nobody@127.0.0.1:1/x", "-o", out});
    check_trouble(r, "cannot connect to nobody@127.0.0.1:1/x");
    CHECK(r.err.find("; check --url") != std::string::npos);  // where the database is named
  }
  SECTION("no database named anywhere: the message says where to name one") {
    ProcessOptions bare;
    bare.env["PGHOST"] = "/nonexistent/socket/dir";  // libpq's default, certainly not there
    check_trouble(run_pgdrift({"snapshot", "-o", out}, bare),
                  "; name the database with --url or DATABASE_URL");
    bare.env["DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/x";
    check_trouble(run_pgdrift({"snapshot", "-o", out}, bare),
                  "; check DATABASE_URL, or name the database with --url");
  }
  SECTION("wrong password, never echoed") {
    const auto r =
        run_pgdrift({"snapshot", "--url",
                     cluster.url(db, TestCluster::kPasswordRole, "wrongpass123"), "-o", out});
    check_trouble(r, "password authentication failed");
    CHECK(r.err.find("wrongpass123") == std::string::npos);
  }
  SECTION("database that does not exist") {
    check_trouble(
        run_pgdrift({"snapshot", "--url", cluster.conninfo("no_such_database"), "-o", out}),
        "does not exist");
  }
  SECTION("malformed URL, password not echoed") {
    const auto r =
        run_pgdrift({"snapshot", "--url", "postgres://u:hunter2@host/db?bogus=1", "-o", out});
    check_trouble(r, "malformed connection string");
    CHECK(r.err.find("hunter2") == std::string::npos);
  }
  SECTION("output folder that does not exist") {
    check_trouble(
        run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "-o", dir + "/missing/out.sql"}),
        "does not exist; create it, or name another file with -o");
    store::HistoryStore::open(dir + "/store.sqlite3");  // an empty store of runs
    check_trouble(run_pgdrift({"history", "--store", dir + "/store.sqlite3", "--format", "html",
                               "-o", dir + "/missing/history.html"}),
                  "does not exist; create it, or name another file with -o");
  }
  SECTION("--from a file that does not exist") {
    check_trouble(run_pgdrift({"snapshot", "--from", dir + "/none.json", "-o", out}),
                  "there is no snapshot file " + dir +
                      "/none.json; name the JSON that `pgdrift snapshot --format json` wrote "
                      "with --from");
  }
  SECTION("--from a file that is not a snapshot") {
    std::ofstream(dir + "/junk.json") << "{\"hello\": true}";
    check_trouble(run_pgdrift({"snapshot", "--from", dir + "/junk.json", "-o", out}),
                  "not a pgdrift snapshot");
  }
  CHECK(!std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

}  // namespace pgdrift::test
