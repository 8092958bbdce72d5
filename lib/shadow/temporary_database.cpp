#include "shadow/temporary_database.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <random>

#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::shadow {
namespace {

std::string random_suffix() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string out;
  for (int i = 0; i < 12; ++i) out += "0123456789abcdef"[digit(device)];
  return out;
}

// Every session of one run carries the run's prefix in its application_name, so the
// cleanup can find and end them: a CREATE DATABASE still running for an interrupted run
// would otherwise commit after the cleanup looked (issue 17).
pg::ConnectOptions connect_options(const std::string& url, const std::string& prefix,
                                   const std::string& dbname = "") {
  pg::ConnectOptions options;
  options.conninfo = url;
  options.dbname = dbname;
  options.application_name = "pgdrift shadow " + prefix;
  options.application_name_wins = true;  // even when --shadow-url names one
  return options;
}

// The comment every shadow database gets right after CREATE DATABASE: a later run may
// drop a database that carries it and is older than a day (a run killed with SIGKILL
// whose server could not be reached by its cleanup).
constexpr const char* kMarkerStart = "pgdrift shadow database, created ";

// A subscription keeps its database from being dropped. The replayed ones never
// connected (created with connect = false): without a slot, DROP SUBSCRIPTION does not try
// to reach the publisher either.
void drop_subscriptions(const std::string& url, pg::Connection& admin, const std::string& dbname) {
  auto rows = admin.exec(
      "SELECT s.subname FROM pg_catalog.pg_subscription s JOIN pg_catalog.pg_database d "
      "ON d.oid = s.subdbid WHERE d.datname = $1 ORDER BY s.subname",
      {dbname});
  if (rows.rows() == 0) return;
  auto conn = pg::Connection::open(connect_options(url, "cleanup", dbname));
  for (int r = 0; r < rows.rows(); ++r) {
    const std::string name = quote_ident(rows.text(r, 0));
    conn.exec("ALTER SUBSCRIPTION " + name + " DISABLE");
    conn.exec("ALTER SUBSCRIPTION " + name + " SET (slot_name = NONE)");
    conn.exec("DROP SUBSCRIPTION " + name);
  }
}

// Ends the sessions of this run that are still on the server (the replay of an
// interrupted run goes on until the server notices its client is gone), and waits until
// they are gone, so that what they were creating is either committed or rolled back.
void end_sessions(pg::Connection& admin, const std::string& prefix) {
  const std::string name = "pgdrift shadow " + prefix;
  admin.exec(
      "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity "
      "WHERE application_name = $1 AND pid <> pg_catalog.pg_backend_pid()",
      {name});
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto left = admin.exec(
        "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = $1 "
        "AND pid <> pg_catalog.pg_backend_pid()",
        {name});
    if (left.integer(0, 0) == 0) return;
    usleep(100000);
  }
}

void drop_database(const std::string& url, pg::Connection& conn, const std::string& dbname) {
  drop_subscriptions(url, conn, dbname);
  const std::string name = quote_ident(dbname);
  // An interrupted run's own sessions may still be closing; FORCE (13+) ends them.
  if (conn.server_version() >= 130000) {
    conn.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    return;
  }
  for (int attempt = 0;; ++attempt) {
    try {
      // What FORCE does from 13: a replayed statement still running for a run that
      // was interrupted (the server notices the lost client only when it next
      // speaks to it) would keep the database for as long as it runs.
      conn.exec(
          "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity "
          "WHERE datname = $1 AND pid <> pg_catalog.pg_backend_pid()",
          {dbname});
      conn.exec("DROP DATABASE IF EXISTS " + name);
      return;
    } catch (const Error&) {
      if (attempt == 50) throw;
      usleep(100000);
    }
  }
}

// Drops every database whose name starts with \a prefix: only this run creates those.
// Runs in the Guardian's watcher; what it cannot drop it names on standard error, since
// pgdrift itself may be gone.
void drop_databases(const std::string& url, const std::string& prefix, const std::string& target) {
  try {
    auto conn = pg::Connection::open(connect_options(url, "cleanup"));
    end_sessions(conn, prefix);
    auto rows = conn.exec(
        "SELECT datname FROM pg_catalog.pg_database WHERE starts_with(datname, $1) "
        "ORDER BY datname",
        {prefix});
    for (int r = 0; r < rows.rows(); ++r) drop_database(url, conn, rows.text(r, 0));
  } catch (const std::exception& e) {
    const std::string line = "pgdrift: warning: could not drop the shadow databases " + prefix +
                             "* on " + target + " (" + e.what() +
                             "); drop them by hand, or let a later pgdrift run with this "
                             "--shadow-url drop them once they are a day old\n";
    (void)!write(STDERR_FILENO, line.data(), line.size());
  }
}

// Databases that earlier runs left behind (killed, their server unreachable at the time)
// and that are over a day old: only those that carry pgdrift's marker comment.
void drop_old_leftovers(const std::string& url, pg::Connection& conn, Log& log) {
  try {
    // The marker's time is the server's, as is now(): no clock skew between machines.
    auto rows = conn.exec(
        "SELECT d.datname, m.created FROM pg_catalog.pg_database d "
        "JOIN pg_catalog.pg_shdescription c ON c.objoid = d.oid "
        "AND c.classoid = 'pg_catalog.pg_database'::regclass "
        "CROSS JOIN LATERAL (SELECT (regexp_match(c.description, $1))[1] AS created) m "
        "WHERE starts_with(d.datname, 'pgdrift_shadow_') AND m.created IS NOT NULL "
        "AND m.created::timestamptz < now() - interval '1 day' ORDER BY 1",
        {"^" + std::string(kMarkerStart) + "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ);"});
    for (int r = 0; r < rows.rows(); ++r) {
      try {
        drop_database(url, conn, rows.text(r, 0));
        log.warn("dropped " + rows.text(r, 0) +
                 ", a shadow database that an interrupted pgdrift run left on this server at " +
                 rows.text(r, 1));
      } catch (const Error& e) {
        log.warn("could not drop " + rows.text(r, 0) +
                 ", a shadow database left by an earlier run: " + e.what());
      }
    }
  } catch (const Error& e) {
    // Tidying up after other runs must never stop this one.
    log.warn("could not look for shadow databases left by earlier runs: " + std::string(e.what()));
  }
}

}  // namespace

TemporaryDatabases::TemporaryDatabases(const std::string& url, Log& log) : url_(url) {
  prefix_ = "pgdrift_shadow_" + random_suffix() + "_";
  auto conn = pg::Connection::open(connect_options(url_, prefix_));
  target_ = conn.target();
  server_version_ = conn.server_version();
  log.info("shadow databases on " + target_ + " are named " + prefix_ + "*");
  guardian_ = std::make_unique<Guardian>(
      [url = url_, prefix = prefix_, target = target_] { drop_databases(url, prefix, target); });
  drop_old_leftovers(url_, conn, log);
}

std::string TemporaryDatabases::description() const {
  return "temporary databases on " + target_;
}

void TemporaryDatabases::create_roles(const std::vector<RoleSpec>& roles, Log& log) {
  // Roles are shared by every database of a server: never create them on someone
  // else's server. Say which are missing, since replaying GRANTs to them will fail.
  auto conn = pg::Connection::open(connect_options(url_, prefix_));
  std::vector<std::string> existing;
  auto rows = conn.exec("SELECT rolname FROM pg_catalog.pg_roles");
  for (int r = 0; r < rows.rows(); ++r) existing.push_back(rows.text(r, 0));
  for (const auto& sql : create_roles_sql(roles, existing)) {
    if (sql.rfind("CREATE ROLE ", 0) == 0) {
      log.warn("the --shadow-url server lacks a role of the live server: " +
               sql.substr(12, sql.find(" NOLOGIN") - 12));
    }
  }
}

void TemporaryDatabases::create_tablespaces(const std::vector<std::string>& names, Log& log) {
  // Tablespaces are shared by the whole server and need a directory on its machine:
  // never create them on someone else's server. Objects placed in a missing one do not
  // replay, so say which.
  auto conn = pg::Connection::open(connect_options(url_, prefix_));
  auto rows = conn.exec("SELECT spcname FROM pg_catalog.pg_tablespace");
  std::vector<std::string> existing;
  for (int r = 0; r < rows.rows(); ++r) existing.push_back(rows.text(r, 0));
  for (const auto& name : names) {
    if (std::find(existing.begin(), existing.end(), name) == existing.end()) {
      log.warn("the --shadow-url server lacks a tablespace of the live server: " + name);
    }
  }
}

pg::ConnectOptions TemporaryDatabases::create_database(const DatabaseSpec& spec, Log& log) {
  const std::string name = prefix_ + std::to_string(++next_database_);
  auto conn = pg::Connection::open(connect_options(url_, prefix_));
  try {
    conn.exec("CREATE DATABASE " + quote_ident(name) + " " +
              create_database_options(spec, server_version_));
  } catch (const Error& e) {
    if (e.sqlstate() == "42501") {
      throw Error(ErrorCategory::kQuery, "cannot create a shadow database on " + target_ +
                                             ": the --shadow-url role lacks CREATEDB");
    }
    log.warn("the shadow database cannot use the live database's locale (" + std::string(e.what()) +
             "); using C with encoding " + spec.encoding);
    DatabaseSpec plain;
    plain.encoding = spec.encoding;
    conn.exec("CREATE DATABASE " + quote_ident(name) + " " +
              create_database_options(plain, server_version_));
  }
  const std::string created =
      conn.exec("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
          .text(0, 0);
  conn.exec("COMMENT ON DATABASE " + quote_ident(name) + " IS " +
            quote_literal(kMarkerStart + created + "; pgdrift drops it at the end of its run"));
  for (const auto& grant : database_grants_sql(spec, name)) {
    try {
      conn.exec(grant);
    } catch (const Error& e) {
      log.warn("could not repeat a database grant in the shadow (" + grant + "): " + e.what());
    }
  }
  return connect_options(url_, prefix_, name);
}

}  // namespace pgdrift::shadow
