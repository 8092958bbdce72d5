#include "pgdrift_harness.h"

#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "app/snapshot.h"
#include "model/json.h"
#include "pg/session.h"
#include "render/sql.h"
#include "util/log.h"

namespace pgdrift::test {

namespace {

// The test environment's own connection settings must not reach pgdrift unless a test
// sets them.
void without_connection_env(ProcessOptions& options) {
  for (const char* name :
       {"DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGSERVICE"}) {
    if (!options.env.count(name)) options.unset_env.push_back(name);
  }
}

// The pgdrift under test: this build's, or the one $PGDRIFT_TEST_BINARY names (the
// sanitizer test runs this program against the sanitizer build's pgdrift).
std::string pgdrift_binary() {
  const char* chosen = std::getenv("PGDRIFT_TEST_BINARY");
  return chosen && *chosen ? chosen : PGDRIFT_BINARY;
}

}  // namespace

ProcessResult run_pgdrift(const std::vector<std::string>& args, ProcessOptions options) {
  std::vector<std::string> argv{pgdrift_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  without_connection_env(options);
  return run_process(argv, options);
}

ProcessResult run_pgdrift_in_shell(const std::string& script, const std::vector<std::string>& args,
                                   ProcessOptions options) {
  std::vector<std::string> argv{"bash", "-c", script, "bash", pgdrift_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  without_connection_env(options);
  return run_process(argv, options);
}

ProcessResult run_pgdrift_redirected(const std::string& redirections,
                                     const std::vector<std::string>& args, ProcessOptions options) {
  return run_pgdrift_in_shell("\"$@\" " + redirections, args, std::move(options));
}

bool pgdrift_waits(const TestCluster& cluster, std::future<ProcessResult>& run,
                   const std::string& waiting, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (cluster.query_value("postgres", waiting) == "t") return true;
    if (run.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready) {
      const ProcessResult ended = run.get();
      FAIL_CHECK("pgdrift ended before it was seen waiting: exit "
                 << ended.exit_code << ", " << ended.err << "; sessions on the server: "
                 << cluster.query_value("postgres",
                                        "SELECT count(*) || ' (' || current_setting("
                                        "'max_connections') || ' allowed)' FROM "
                                        "pg_stat_activity WHERE backend_type = 'client backend'"));
      return false;
    }
  }
  FAIL_CHECK("pgdrift was not seen waiting within " << seconds << " s: " << waiting);
  return false;
}

ProcessResult stop_pgdrift(const TestCluster& cluster, const std::string& dbname,
                           std::future<ProcessResult>& run, int pid, bool terminate_session,
                           std::unique_ptr<HeldSession>& holder) {
  if (terminate_session) {
    cluster.exec("postgres",
                 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 "WHERE application_name = 'pgdrift' AND datname = '" +
                     dbname + "'");
  } else {
    kill(pid, SIGKILL);
  }
  ProcessResult result = run.get();
  holder.reset();
  REQUIRE(wait_until(cluster, "postgres",
                     "SELECT count(*) = 0 FROM pg_stat_activity WHERE application_name = "
                     "'pgdrift'"));
  return result;
}

model::Catalog read_catalog(const TestCluster& cluster, const std::string& dbname) {
  app::LiveSource source;
  source.url = cluster.conninfo(dbname);
  // One connection: the tests' schemas are small, and a second session's start and
  // warm-up cost the server more CPU than it saves (CI's two cores are the limit; the
  // default two connections are what the pgdrift commands the tests run use).
  source.filter.connections = 1;
  NullLog log;
  return app::read_live_catalog(source, log);
}

std::string snapshot_sql(const TestCluster& cluster, const std::string& dbname) {
  return render::render_sql(read_catalog(cluster, dbname));
}

void replay(const TestCluster& cluster, const std::string& dbname, const std::string& sql) {
  cluster.exec(dbname, sql);
}

std::string pg_dump_schema(const TestCluster& cluster, const std::string& dbname) {
  auto result = run_process({cluster.client_bindir() + "/pg_dump", "--schema-only",
                             "--restrict-key=pgdrifttest", "-d", cluster.conninfo(dbname)});
  if (result.exit_code != 0) throw std::runtime_error("pg_dump failed: " + result.err);
  return result.out;
}

std::string write_temp_file(const std::string& content) {
  char path[] = "/tmp/pgdrift-test-file-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  const bool ok = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  close(fd);
  if (!ok) throw std::runtime_error("writing a temporary file failed");
  return path;
}

std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  int line = 0;
  std::vector<std::string> context;
  while (true) {
    const bool ha = static_cast<bool>(std::getline(sa, la));
    const bool hb = static_cast<bool>(std::getline(sb, lb));
    ++line;
    if (!ha && !hb) return "no difference";
    if (ha != hb || la != lb) {
      std::string out = "first difference at line " + std::to_string(line) + ":\n";
      for (const auto& c : context) out += "    " + c + "\n";
      out += "  < " + (ha ? la : std::string("<end>")) + "\n";
      out += "  > " + (hb ? lb : std::string("<end>")) + "\n";
      return out;
    }
    context.push_back(la);
    if (context.size() > 3) context.erase(context.begin());
  }
}

}  // namespace pgdrift::test

namespace pgdrift::test {
namespace {

pg::Connection open_snapshot(const TestCluster& cluster, const std::string& dbname) {
  pg::ConnectOptions options;
  options.conninfo = cluster.conninfo(dbname);
  auto conn = pg::Connection::open(options);
  pg::begin_read_snapshot(conn, pg::SessionOptions{});
  return conn;
}

std::string base_text(const catalog::CatalogAndBase& read) {
  std::ostringstream out;
  for (const auto& ref : read.base.objects) {
    out << ref.classid << " " << ref.oid << " " << ref.relation << " "
        << model::describe(read.catalog.objects.at(ref.index).id) << "\n";
  }
  return out.str();
}

}  // namespace

std::uint64_t start_recording_changes(const TestCluster& cluster, const std::string& dbname) {
  pg::ConnectOptions options;
  options.conninfo = cluster.conninfo(dbname);
  auto conn = pg::Connection::open(options);
  catalog::install_change_recorder(conn);
  return std::stoull(conn.exec("SELECT txid_current()").text(0, 0));
}

ReadBefore read_before_changes(const TestCluster& cluster, const std::string& dbname) {
  NullLog log;
  ReadBefore before;
  {
    auto conn = open_snapshot(cluster, dbname);
    before.read = catalog::read_catalog_with_base(conn, {{}, {}, 1}, log);
  }
  before.horizon = start_recording_changes(cluster, dbname);
  return before;
}

catalog::CatalogAndBase check_read_of_changes(const TestCluster& cluster, const std::string& dbname,
                                              const ReadBefore& before) {
  NullLog log;
  std::optional<std::vector<catalog::RecordedChange>> recorded;
  {
    pg::ConnectOptions options;
    options.conninfo = cluster.conninfo(dbname);
    auto conn = pg::Connection::open(options);
    recorded = catalog::take_recorded_changes(conn);
  }
  auto conn = open_snapshot(cluster, dbname);
  auto changed = catalog::read_changes_since(
      conn, {{}, {}, 1},
      {[&] { return before.read.catalog; },
       // Through its JSON, as a kept image carries it.
       catalog::read_base_from_json(catalog::read_base_to_json(before.read.base)), before.horizon,
       recorded},
      log);
  conn = open_snapshot(cluster, dbname);
  const auto whole = catalog::read_catalog_with_base(conn, {{}, {}, 1}, log);
  const std::string changed_json = model::catalog_to_json(changed.catalog);
  const std::string whole_json = model::catalog_to_json(whole.catalog);
  INFO("read of changes (" << changed.relations_read << " relations read again"
                           << (changed.read_everything ? ", everything" : "")
                           << ") vs whole read: " << first_difference(changed_json, whole_json));
  CHECK(changed_json == whole_json);
  const std::string changed_base = base_text(changed);
  const std::string whole_base = base_text(whole);
  INFO("bases differ: " << first_difference(changed_base, whole_base));
  CHECK(changed_base == whole_base);
  return changed;
}

}  // namespace pgdrift::test
