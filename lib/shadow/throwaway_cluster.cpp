#include "shadow/throwaway_cluster.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "shadow/fresh_cluster.h"
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

ThrowawayCluster::ThrowawayCluster(const std::string& bindir, Log& log,
                                   std::optional<std::string> image_dir, ImageContents wanted,
                                   int lock_slots)
    : bindir_(bindir),
      image_dir_(std::move(image_dir)),
      wanted_(std::move(wanted)),
      lock_slots_(lock_slots) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/pgdrift-shadow-XXXXXX";
  if (!mkdtemp(pattern.data())) {
    const int err = errno;
    throw Error(ErrorCategory::kIo, "cannot create a directory for the shadow cluster in " +
                                        pattern.substr(0, pattern.rfind('/')) + " (" +
                                        std::strerror(err) +
                                        "); point TMPDIR at a writable folder, or give a server "
                                        "to use with --shadow-url");
  }
  dir_ = pattern;
  data_ = dir_ + "/data";
  const auto user = server_os_user();

  // From here on the directory exists: the guardian removes it whatever happens next.
  guardian_ = std::make_unique<Guardian>([bindir, dir = dir_, data = data_, user] {
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
  if (image_dir_ && start_from_image(log)) return;
  log.info("starting a throwaway PostgreSQL cluster in " + dir_);
  // Page checksums always: the same fresh cluster then serves every shadow, and a cluster
  // kept as an image must fail loudly on a damaged page rather than be believed.
  const FreshClusters fresh({bindir_ + "/initdb", "-U", kSuperuser, "--auth=trust",
                             "--encoding=UTF8", "--locale=C", "--no-sync", "--data-checksums"},
                            server_os_user());
  if (!init_cluster(fresh, log)) {
    start_server();
    return;
  }
  try {
    start_server();
  } catch (const Error& e) {
    log.warn("the fresh cluster kept in " + fresh.kept_directory() + " did not start (" + e.what() +
             "); running initdb instead");
    try {
      stop_server("immediate");  // it may run after all (it started, but no session opened)
    } catch (const Error&) {
    }
    fresh.forget();
    std::error_code ignored;
    std::filesystem::remove_all(data_, ignored);
    init_cluster(fresh, log, /*may_copy=*/false);
    start_server();
  }
}

bool ThrowawayCluster::init_cluster(const FreshClusters& fresh, Log& log, bool may_copy) {
  std::string error;
  if (fresh.make(data_, error, may_copy)) {
    log.info("shadow: copied the fresh cluster kept in " + fresh.kept_directory());
    return true;
  }
  if (!error.empty()) {
    throw Error(ErrorCategory::kIo, "initdb of the shadow cluster failed: " + first_line(error));
  }
  return false;
}

void ThrowawayCluster::start_server() {
  ProcessOptions as_server{server_os_user(), {}, {}, std::nullopt, dir_, {}};
  // Unix socket in the private directory only; durability is pointless for a cluster
  // that lives for one run (a kept image is flushed once, when it is kept). Enough locks
  // for the largest transaction of the replay (a baseline creates every relation in one).
  const std::string settings =
      "-c listen_addresses='' -c unix_socket_directories='" + dir_ + "' -p " +
      std::to_string(kPort) +
      " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=20"
      " -c max_locks_per_transaction=" +
      std::to_string(lock_slots_) +
      " -c shared_buffers=64MB -c max_wal_size=64MB -c "
      "min_wal_size=32MB"
      " -c autovacuum=off";
  const auto start = run_process({bindir_ + "/pg_ctl", "-D", data_, "-l", dir_ + "/server.log",
                                  "-w", "-t", "60", "-o", settings, "start"},
                                 as_server);
  if (start.exit_code != 0) {
    throw Error(ErrorCategory::kIo,
                "the shadow cluster did not start: " + last_lines(dir_ + "/server.log", 3));
  }
  auto conn = pg::Connection::open(admin("postgres"));
  server_version_ = conn.server_version();
}

bool ThrowawayCluster::start_from_image(Log& log) {
  auto contents = take_image(*image_dir_, data_, wanted_, log);
  if (!contents) return false;
  try {
    start_server();
    auto conn = pg::Connection::open(admin("postgres"));
    if (conn.exec("SHOW data_checksums").text(0, 0) != "on") {
      throw Error(ErrorCategory::kIo, "it has no page checksums");
    }
    if (conn.exec("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", {contents->database})
            .rows() != 1) {
      throw Error(ErrorCategory::kIo, "its database " + contents->database + " is missing");
    }
  } catch (const Error& e) {
    log.warn("the shadow image in " + *image_dir_ + " cannot be used (" + e.what() +
             "); replaying the whole history and keeping a new image");
    try {
      stop_server("immediate");
    } catch (const Error&) {
    }
    std::error_code ignored;
    std::filesystem::remove_all(data_, ignored);
    return false;
  }
  log.info("shadow: started from the image kept in " + *image_dir_);
  kept_ = KeptDatabase{*contents, admin(contents->database)};
  return true;
}

void ThrowawayCluster::stop_server(const std::string& mode) {
  if (!std::filesystem::exists(data_ + "/postmaster.pid")) return;
  ProcessOptions as_server{server_os_user(), {}, {}, std::nullopt, dir_, {}};
  const auto stop =
      run_process({bindir_ + "/pg_ctl", "-D", data_, "-m", mode, "-w", "stop"}, as_server);
  if (stop.exit_code != 0) {
    throw Error(ErrorCategory::kIo,
                "the shadow cluster did not stop: " + first_line(stop.err + stop.out));
  }
}

bool ThrowawayCluster::keep(const ImageContents& contents, Log& log) {
  if (!image_dir_) return false;
  if (made_tablespaces_) {
    log.info("shadow: no image kept, since it would not hold the tablespaces' directories");
    return false;
  }
  {
    // Only the history's database is worth keeping.
    auto conn = pg::Connection::open(admin("postgres"));
    auto rows = conn.exec(
        "SELECT datname FROM pg_catalog.pg_database WHERE NOT datistemplate AND datname <> "
        "'postgres'");
    for (int r = 0; r < rows.rows(); ++r) {
      if (rows.text(r, 0) != contents.database) {
        conn.exec("DROP DATABASE " + quote_ident(rows.text(r, 0)));
      }
    }
  }
  stop_server("fast");
  keep_image(data_, *image_dir_, contents);
  log.info("shadow: kept in " + *image_dir_ + " for the next run");
  return true;
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
    made_tablespaces_ = true;
  }
}

pg::ConnectOptions ThrowawayCluster::create_database(const DatabaseSpec& spec, Log& log) {
  auto conn = pg::Connection::open(admin("postgres"));
  // A cluster started from an image already has databases of these names.
  std::string name;
  do {
    name = "shadow_" + std::to_string(++next_database_);
  } while (conn.exec("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", {name}).rows() > 0);
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
