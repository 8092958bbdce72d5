#include "shadow/throwaway_cluster.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "util/error.h"
#include "util/quote.h"
#include "util/subprocess.h"

namespace pgdrift::shadow {
namespace {

// Only the socket file's name depends on the port: the cluster listens on no TCP port.
constexpr int kPort = 5432;
constexpr const char* kSuperuser = "postgres";

// initdb and the server refuse to run as root; then they run as this OS user.
std::optional<std::string> server_os_user() {
  if (geteuid() != 0) return std::nullopt;
  if (const char* env = std::getenv("PGDRIFT_SHADOW_USER"); env && *env) return std::string(env);
  return std::string(os_user_exists("postgres") ? "postgres" : "nobody");
}

std::string last_lines(const std::string& path, size_t count) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string out;
  for (size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) {
    out += (out.empty() ? "" : " | ") + lines[i];
  }
  return out;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

ThrowawayCluster::ThrowawayCluster(const std::string& bindir, Log& log) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/pgdrift-shadow-XXXXXX";
  if (!mkdtemp(pattern.data())) {
    throw Error(ErrorCategory::kIo,
                "cannot create a directory for the shadow cluster (" + pattern + ")");
  }
  dir_ = pattern;
  const std::string data = dir_ + "/data";
  const auto user = server_os_user();

  // From here on the directory exists: the guardian removes it whatever happens next.
  guardian_ = std::make_unique<Guardian>([bindir, dir = dir_, data, user] {
    ProcessOptions as_server{user, {}, {}, std::nullopt, dir, {}};
    if (std::filesystem::exists(data + "/postmaster.pid")) {
      run_process({bindir + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"}, as_server);
    }
    // The exiting server may still unlink its socket files while the directory is being
    // removed; try again until it is gone.
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
      if (!std::filesystem::exists(dir, ec)) break;
      usleep(100000);
    }
  });

  if (user) {
    const passwd* pw = getpwnam(user->c_str());
    if (!pw || chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      throw Error(ErrorCategory::kIo, "cannot hand the shadow directory " + dir_ +
                                          " to the OS user " + *user +
                                          " (set PGDRIFT_SHADOW_USER to another one)");
    }
  }
  ProcessOptions as_server{user, {}, {}, std::nullopt, dir_, {}};
  log.info("starting a throwaway PostgreSQL cluster in " + dir_);
  const auto init = run_process({bindir + "/initdb", "-D", data, "-U", kSuperuser, "--auth=trust",
                                 "--encoding=UTF8", "--locale=C", "--no-sync"},
                                as_server);
  if (init.exit_code != 0) {
    throw Error(ErrorCategory::kIo,
                "initdb of the shadow cluster failed: " + first_line(init.err + init.out));
  }
  // Unix socket in the private directory only; durability is pointless for a cluster
  // that lives for one run. Enough locks for a baseline of thousands of tables.
  const std::string settings =
      "-c listen_addresses='' -c unix_socket_directories='" + dir_ + "' -p " +
      std::to_string(kPort) +
      " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=20"
      " -c max_locks_per_transaction=4096 -c shared_buffers=64MB -c max_wal_size=1GB"
      " -c autovacuum=off";
  const auto start = run_process({bindir + "/pg_ctl", "-D", data, "-l", dir_ + "/server.log", "-w",
                                  "-t", "60", "-o", settings, "start"},
                                 as_server);
  if (start.exit_code != 0) {
    throw Error(ErrorCategory::kIo,
                "the shadow cluster did not start: " + last_lines(dir_ + "/server.log", 3));
  }
  auto conn = pg::Connection::open(admin("postgres"));
  server_version_ = conn.server_version();
}

pg::ConnectOptions ThrowawayCluster::admin(const std::string& dbname) const {
  pg::ConnectOptions options;
  options.conninfo = "host=" + dir_ + " port=" + std::to_string(kPort) + " user=" + kSuperuser +
                     " sslmode=disable";
  options.dbname = dbname;
  options.application_name = "pgdrift shadow";
  return options;
}

std::string ThrowawayCluster::description() const {
  return "a throwaway PostgreSQL " + std::to_string(server_version_ / 10000) + " cluster";
}

void ThrowawayCluster::create_roles(const std::vector<RoleSpec>& roles, Log& log) {
  auto conn = pg::Connection::open(admin("postgres"));
  std::vector<std::string> existing;
  auto rows = conn.exec("SELECT rolname FROM pg_catalog.pg_roles");
  for (int r = 0; r < rows.rows(); ++r) existing.push_back(rows.text(r, 0));
  const auto statements = create_roles_sql(roles, existing);
  log.info("creating " + std::to_string(roles.size()) + " roles in the shadow cluster");
  conn.exec("BEGIN");
  for (const auto& sql : statements) conn.exec(sql);
  conn.exec("COMMIT");
}

void ThrowawayCluster::create_tablespaces(const std::vector<std::string>& names, Log& log) {
  if (names.empty()) return;
  auto conn = pg::Connection::open(admin("postgres"));
  log.info("creating " + std::to_string(names.size()) + " tablespaces in the shadow cluster");
  const auto user = server_os_user();
  int next = 0;
  for (const auto& name : names) {
    // Inside the cluster's directory (beside, not inside, the data directory), so it
    // goes with the cluster; numbered, since a name may hold any character.
    const std::string location = dir_ + "/tablespace_" + std::to_string(++next);
    std::error_code ec;
    std::filesystem::create_directory(location, ec);
    const passwd* pw = user ? getpwnam(user->c_str()) : nullptr;
    if (ec || (user && (!pw || chown(location.c_str(), pw->pw_uid, pw->pw_gid) != 0))) {
      throw Error(ErrorCategory::kIo,
                  "cannot create a directory for tablespace " + name + " in " + dir_);
    }
    conn.exec("CREATE TABLESPACE " + quote_ident(name) + " LOCATION " + quote_literal(location));
  }
}

pg::ConnectOptions ThrowawayCluster::create_database(const DatabaseSpec& spec, Log& log) {
  const std::string name = "shadow_" + std::to_string(++next_database_);
  auto conn = pg::Connection::open(admin("postgres"));
  std::string owner;
  if (!spec.owner.empty() && spec.owner != kSuperuser) owner = " OWNER " + quote_ident(spec.owner);
  try {
    conn.exec("CREATE DATABASE " + quote_ident(name) + owner + " " +
              create_database_options(spec, server_version_));
  } catch (const Error& e) {
    // A locale the live server has may be missing here; the schema still replays.
    log.warn("the shadow database cannot use the live database's locale (" + std::string(e.what()) +
             "); using C with encoding " + spec.encoding);
    DatabaseSpec plain;
    plain.encoding = spec.encoding;
    conn.exec("CREATE DATABASE " + quote_ident(name) + owner + " " +
              create_database_options(plain, server_version_));
  }
  for (const auto& grant : database_grants_sql(spec, name)) conn.exec(grant);
  return admin(name);
}

}  // namespace pgdrift::shadow
