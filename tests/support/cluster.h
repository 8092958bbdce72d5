// tests/support/cluster.h — a real, throwaway PostgreSQL cluster for tests.
//
// initdb + pg_ctl into a fresh directory under scratch_root(); the server listens only on a unix
// socket in that directory (no TCP). When the tests run as root the server runs as the
// `postgres` OS user (initdb refuses root). The cluster is stopped and its directory
// removed when the TestCluster is destroyed, when the test program exits, and on
// SIGINT/SIGTERM/SIGABRT. Binaries come from $PGDRIFT_TEST_PG_BIN, else
// `pg_config --bindir`, so the same tests can run on another major.
#pragma once

#include <optional>
#include <string>

namespace pgdrift::test {

/// The directory of the server binaries (initdb / pg_ctl / postgres) for tests:
/// $PGDRIFT_TEST_PG_BIN (the version matrix points it at another major), else
/// `pg_config --bindir`.
std::string pg_bindir();

/// The directory of the client tools (psql / pg_dump): $PGDRIFT_TEST_CLIENT_BIN, else
/// `pg_config --bindir` (Debian's 15). The other majors' server packages have none.
std::string pg_client_bindir();

class TestCluster {
 public:
  /// Starts a new cluster from the binaries in \a bindir, with \a extra_settings added
  /// to the server's command line ("-c name=value ..."). Throws std::runtime_error
  /// with initdb's or pg_ctl's output when it cannot.
  explicit TestCluster(std::string bindir = pg_bindir(), const std::string& extra_settings = "");
  ~TestCluster();
  TestCluster(const TestCluster&) = delete;
  TestCluster& operator=(const TestCluster&) = delete;

  /// The cluster shared by the whole test program (started on first use).
  static TestCluster& shared();

  /// Creates a new, empty database and returns its name.
  std::string create_database(const std::string& prefix = "t");
  /// Creates tablespace \a name (cluster-wide) in a new directory inside the cluster's
  /// own, unless it exists.
  void create_tablespace(const std::string& name);
  /// A key=value connection string for \a dbname as \a user (default: the superuser).
  std::string conninfo(const std::string& dbname, const std::string& user = "postgres") const;
  /// A postgresql:// URL for \a dbname (socket directory as host parameter).
  std::string url(const std::string& dbname, const std::string& user = "postgres",
                  const std::string& password = "") const;

  /// Runs \a sql (several statements allowed) on \a dbname as superuser; throws with the
  /// server's message when it fails.
  void exec(const std::string& dbname, const std::string& sql) const;
  /// Runs \a sql and returns the first column of the first row ("" when no rows).
  std::string query_value(const std::string& dbname, const std::string& sql) const;

  /// Stops the server immediately (as a crash would) and leaves it stopped.
  void kill_server();

  /// Server binaries (initdb, pg_ctl, postgres).
  const std::string& bindir() const { return bindir_; }
  /// Client tools (psql, pg_dump); see pg_client_bindir().
  std::string client_bindir() const { return pg_client_bindir(); }
  /// The server's major version (12 ... 18).
  int server_major() const;
  /// pg_dump refuses servers of a newer major than its own: whether it can dump this one
  /// (and so be the referee of a round trip).
  bool pg_dump_can_referee() const;
  const std::string& socket_dir() const { return dir_; }
  int port() const { return port_; }
  /// A role with password "secret" that must log in with scram-sha-256.
  static constexpr const char* kPasswordRole = "pgdrift_pw_user";

 private:
  void stop();
  bool pg_dump_version_at_least(int major) const;
  std::string bindir_;
  std::string dir_;
  std::string data_;
  int port_ = 5432;
  int next_db_ = 0;
  bool running_ = false;
  mutable std::optional<bool> pg_dump_can_referee_;
  mutable int server_major_ = 0;  // asked once: the corpus asks per case
};

}  // namespace pgdrift::test

namespace pgdrift::test {

/// A second session that runs \a sql (e.g. BEGIN; LOCK ...) and keeps its transaction
/// open until destroyed, to make pgdrift meet a lock.
class HeldSession {
 public:
  HeldSession(const TestCluster& cluster, const std::string& dbname, const std::string& sql);
  ~HeldSession();
  HeldSession(const HeldSession&) = delete;
  HeldSession& operator=(const HeldSession&) = delete;

 private:
  void* conn_;  // PGconn*, kept opaque so tests need not include libpq
};

/// Waits up to \a seconds until \a sql (a boolean query on \a dbname) returns true.
bool wait_until(const TestCluster& cluster, const std::string& dbname, const std::string& sql,
                int seconds = 20);

}  // namespace pgdrift::test
