#include "cluster.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "process.h"
#include "scratch_dir.h"
#include "shadow/fresh_cluster.h"

namespace pgdrift::test {
namespace {

constexpr const char* kServerUser = "postgres";

std::optional<std::string> server_os_user() {
  if (geteuid() != 0) return std::nullopt;
  return std::string(kServerUser);
}

// Every live cluster, so an abnormal exit can still stop them.
std::vector<TestCluster*>& live_clusters() {
  static std::vector<TestCluster*> clusters;
  return clusters;
}

std::unique_ptr<TestCluster>& shared_cluster() {
  static std::unique_ptr<TestCluster> cluster;
  return cluster;
}

extern "C" void on_fatal_signal(int sig) {
  // Best effort: stop the servers so no postmaster outlives the tests.
  for (auto* cluster : live_clusters()) cluster->kill_server();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_cleanup_once() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  // Construct the registries before registering the exit handler, so they are destroyed
  // after it runs.
  live_clusters();
  shared_cluster();
  std::atexit([] { shared_cluster().reset(); });
  for (int sig : {SIGINT, SIGTERM, SIGABRT, SIGSEGV}) std::signal(sig, on_fatal_signal);
}

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};

}  // namespace

namespace {

// Asked once per program: Debian's pg_config is a shell script that runs ls and tail, and
// the corpus test asked it four times per case.
std::string pg_config_bindir() {
  static const std::string bindir = [] {
    const auto result = run_process({"pg_config", "--bindir"});
    if (result.exit_code == 0) {
      std::string dir = result.out;
      while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
      if (std::filesystem::exists(dir + "/initdb")) return dir;
    }
    return std::string("/usr/lib/postgresql/15/bin");
  }();
  return bindir;
}

}  // namespace

std::string pg_bindir() {
  if (const char* env = std::getenv("PGDRIFT_TEST_PG_BIN"); env && *env) return env;
  return pg_config_bindir();
}

std::string pg_client_bindir() {
  if (const char* env = std::getenv("PGDRIFT_TEST_CLIENT_BIN"); env && *env) return env;
  return pg_config_bindir();
}

int TestCluster::server_major() const {
  if (server_major_ == 0) {
    server_major_ = std::stoi(query_value("postgres", "SHOW server_version_num")) / 10000;
  }
  return server_major_;
}

bool TestCluster::pg_dump_can_referee() const {
  if (!pg_dump_can_referee_) pg_dump_can_referee_ = pg_dump_version_at_least(server_major());
  return *pg_dump_can_referee_;
}

bool TestCluster::pg_dump_version_at_least(int major) const {
  const auto version = run_process({client_bindir() + "/pg_dump", "--version"});
  // "pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
  const auto at = version.out.find(") ");
  if (version.exit_code != 0 || at == std::string::npos) return false;
  return std::stoi(version.out.substr(at + 2)) >= major;
}

TestCluster::TestCluster(std::string bindir, const std::string& extra_settings)
    : bindir_(std::move(bindir)) {
  install_cleanup_once();
  std::string tmpl = scratch_root() + "/pgdrift-test-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed in " + scratch_root());
  dir_ = tmpl;
  data_ = dir_ + "/data";
  if (auto user = server_os_user()) {
    const passwd* pw = getpwnam(user->c_str());
    if (!pw) throw std::runtime_error("tests run as root but there is no 'postgres' OS user");
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown failed");
  }
  ProcessOptions as_server{server_os_user(), {}, {}, std::nullopt, dir_, {}};
  // Port numbers only name the socket file here (no TCP), so any fixed one works.
  port_ = 5432;
  // Copied from the fresh cluster pgdrift keeps for these binaries (initdb the first time).
  const shadow::FreshClusters fresh({bindir_ + "/initdb", "-U", "postgres", "--auth=trust",
                                     "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"},
                                    server_os_user());
  // A copy that does not start: forgotten, and initdb once more.
  for (bool may_copy : {true, false}) {
    std::string init_error;
    const bool copied = fresh.make(data_, init_error, may_copy);
    if (!init_error.empty()) throw std::runtime_error("initdb failed: " + init_error);
    {
      // A role that must use a password, for the wrong-password tests.
      std::ofstream hba(data_ + "/pg_hba.conf");
      hba << "local all " << kPasswordRole << " scram-sha-256\n"
          << "local all all trust\n";
    }
    auto start = run_process(
        {bindir_ + "/pg_ctl", "-D", data_, "-l", dir_ + "/server.log", "-w", "-t", "60", "-o",
         "-c listen_addresses='' -c unix_socket_directories='" + dir_ + "' -p " +
             std::to_string(port_) +
             " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
             // No autovacuum: vacuuming or analyzing a shared catalog (pg_database
             // changes with every test database) removes the relation cache's init
             // file, and the next connection to rebuild it opens every cached catalog,
             // so a test holding a catalog lock would block pgdrift's login instead of
             // its read. The tests' connections are serial, so the file is always
             // rebuilt by the one that comes first. It also saves the CPU of a worker
             // visiting each of hundreds of databases.
             " -c autovacuum=off"
             " -c max_connections=60 -c shared_buffers=64MB " +
             extra_settings,
         "start"},
        as_server);
    if (start.exit_code == 0) break;
    run_process({bindir_ + "/pg_ctl", "-D", data_, "-m", "immediate", "-w", "stop"}, as_server);
    if (copied) {
      fresh.forget();
      std::filesystem::remove_all(data_);
      continue;
    }
    std::string log;
    std::ifstream in(dir_ + "/server.log");
    log.assign(std::istreambuf_iterator<char>(in), {});
    std::filesystem::remove_all(dir_);
    throw std::runtime_error("pg_ctl start failed: " + start.out + start.err + log);
  }
  running_ = true;
  live_clusters().push_back(this);
  exec("postgres", std::string("CREATE ROLE ") + kPasswordRole + " LOGIN PASSWORD 'secret'");
}

TestCluster::~TestCluster() {
  stop();
  std::erase(live_clusters(), this);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

TestCluster& TestCluster::shared() {
  auto& cluster = shared_cluster();
  if (!cluster) cluster = std::make_unique<TestCluster>();
  return *cluster;
}

void TestCluster::stop() {
  if (!running_) return;
  running_ = false;
  ProcessOptions as_server{server_os_user(), {}, {}, std::nullopt, dir_, {}};
  run_process({bindir_ + "/pg_ctl", "-D", data_, "-m", "immediate", "-w", "stop"}, as_server);
}

void TestCluster::kill_server() {
  if (!running_) return;
  // SIGQUIT to the postmaster is PostgreSQL's "immediate shutdown": like a crash.
  std::ifstream pidfile(data_ + "/postmaster.pid");
  long pid = 0;
  if (pidfile >> pid && pid > 0) {
    ::kill(static_cast<pid_t>(pid), SIGQUIT);
    for (int i = 0; i < 100 && ::kill(static_cast<pid_t>(pid), 0) == 0; ++i) usleep(50000);
  }
  running_ = false;
}

std::string TestCluster::create_database(const std::string& prefix) {
  const std::string name = prefix + "_" + std::to_string(++next_db_);
  // From 15 the default strategy writes every page of the template to the WAL; copying
  // the files is four times faster for the tests' small databases (45 against 12 ms).
  exec("postgres", "CREATE DATABASE \"" + name + "\" TEMPLATE template0" +
                       (server_major() >= 15 ? " STRATEGY FILE_COPY" : ""));
  return name;
}

void TestCluster::create_tablespace(const std::string& name) {
  if (query_value("postgres",
                  "SELECT count(*) FROM pg_tablespace WHERE spcname = '" + name + "'") != "0") {
    return;
  }
  const std::string location = dir_ + "/tablespace_" + name;
  std::filesystem::create_directory(location);
  if (auto user = server_os_user()) {
    const passwd* pw = getpwnam(user->c_str());
    if (!pw || chown(location.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      throw std::runtime_error("cannot give " + location + " to the server's OS user");
    }
  }
  exec("postgres", "CREATE TABLESPACE \"" + name + "\" LOCATION '" + location + "'");
}

std::string TestCluster::conninfo(const std::string& dbname, const std::string& user) const {
  return "host=" + dir_ + " port=" + std::to_string(port_) + " dbname='" + dbname + "' user='" +
         user + "'";
}

std::string TestCluster::url(const std::string& dbname, const std::string& user,
                             const std::string& password) const {
  std::string out = "postgresql://" + user;
  if (!password.empty()) out += ":" + password;
  return out + "@/" + dbname + "?host=" + dir_ + "&port=" + std::to_string(port_);
}

void TestCluster::exec(const std::string& dbname, const std::string& sql) const {
  std::unique_ptr<PGconn, PgConnDeleter> conn(PQconnectdb(conninfo(dbname).c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("test connection failed: ") + PQerrorMessage(conn.get()));
  }
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  PGresult* res = PQexec(conn.get(), sql.c_str());
  const auto status = PQresultStatus(res);
  std::string error = PQresultErrorMessage(res);
  PQclear(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("SQL failed on " + dbname + ": " + error);
  }
}

std::string TestCluster::query_value(const std::string& dbname, const std::string& sql) const {
  std::unique_ptr<PGconn, PgConnDeleter> conn(PQconnectdb(conninfo(dbname).c_str()));
  PGresult* res = PQexec(conn.get(), sql.c_str());
  std::string value;
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0) value = PQgetvalue(res, 0, 0);
  const bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
  std::string error = PQresultErrorMessage(res);
  PQclear(res);
  if (!ok) throw std::runtime_error("query failed on " + dbname + ": " + error);
  return value;
}

}  // namespace pgdrift::test

namespace pgdrift::test {

HeldSession::HeldSession(const TestCluster& cluster, const std::string& dbname,
                         const std::string& sql) {
  PGconn* conn = PQconnectdb(cluster.conninfo(dbname).c_str());
  conn_ = conn;
  if (PQstatus(conn) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn));
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* res = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
  std::string error = PQresultErrorMessage(res);
  PQclear(res);
  if (!ok) throw std::runtime_error("held session: " + error);
}

HeldSession::~HeldSession() {
  PQfinish(static_cast<PGconn*>(conn_));
}

bool wait_until(const TestCluster& cluster, const std::string& dbname, const std::string& sql,
                int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (cluster.query_value(dbname, sql) == "t") return true;
    usleep(100000);
  }
  return false;
}

}  // namespace pgdrift::test
